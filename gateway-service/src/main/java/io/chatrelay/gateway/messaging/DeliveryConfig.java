package io.chatrelay.gateway.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Routed delivery (docs/ARCHITECTURE.md, "Routing between gateways"). */
@ConfigMapping(prefix = "gateway.delivery")
public interface DeliveryConfig {

    /** The partition of {@code gateway.deliveries} this gateway reads (random when not configured). */
    int partition();

    /** How many partitions a random pick chooses from; at most the topic's partition count. */
    @WithDefault("16")
    int partitions();

    /** How often this gateway renews its entry in the delivery directory (and notices Redis lost it). */
    @WithDefault("1s")
    Duration refreshInterval();

    /** When no renewal comes for this long, routers stop sending to this gateway and forget its users. */
    @WithDefault("10s")
    Duration ttl();
}
