package io.chatrelay.gateway.core;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code gateway.rate-limit.*}: per-user limits, enforced across gateways (see docs/OPERATIONS.md). */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    interface Limit {
        /** Requests allowed per window; 0 turns this limit off. */
        int max();

        Duration window();
    }

    @WithDefault("true")
    boolean enabled();

    /** send_message, send_direct_message, send_room_message */
    Limit send();

    /** typing_start, typing_stop */
    Limit typing();

    /** every other socket event */
    Limit other();

    /** /api/** calls through the gateway */
    Limit rest();

    default Limit limit(RateLimiter.Kind kind) {
        return switch (kind) {
            case SEND -> send();
            case TYPING -> typing();
            case OTHER -> other();
            case REST -> rest();
        };
    }
}
