package io.chatrelay.gateway.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many authenticated sockets one gateway holds, in all and per user. */
@ConfigMapping(prefix = "gateway")
public interface ConnectionLimits {

    /** Above this, new sockets are closed with 1013 so the load balancer can place them elsewhere. */
    @WithDefault("25000")
    int maxConnections();

    /** Sockets one user may hold on one gateway (devices, tabs); above it, closed with 1008. */
    @WithDefault("20")
    int maxConnectionsPerUser();
}
