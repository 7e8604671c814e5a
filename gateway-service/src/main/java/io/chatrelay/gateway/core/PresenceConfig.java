package io.chatrelay.gateway.core;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "gateway.presence")
public interface PresenceConfig {

    /** How often this gateway tells presence-service it is alive (one record, whatever its socket count). */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * Declared in each heartbeat: when none comes for this long, presence-service takes this gateway's users
     * offline. Bounds how long the users of a crashed gateway still look online.
     */
    @WithDefault("20s")
    Duration ttl();

    /**
     * A socket that closes is announced closed only this long after. A socket of the same user that opens here
     * meanwhile takes over the announced one, so a device that reconnects within it shows its contacts nothing (no
     * offline/online flicker, and no work for presence-service). The close then carries the time it happened.
     * 0 announces every close at once.
     */
    @WithDefault("5s")
    Duration offlineGrace();
}
