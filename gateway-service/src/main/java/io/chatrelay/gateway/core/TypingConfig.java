package io.chatrelay.gateway.core;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "gateway.typing")
public interface TypingConfig {

    /** Typing not refreshed by a {@code typing_start} for this long stops by itself. */
    @WithDefault("5s")
    Duration timeout();

    /** Repeated {@code typing_start} of one socket in one conversation is forwarded at most this often. */
    @WithDefault("1s")
    Duration forwardInterval();

    /**
     * An indicator shown to a partner that is neither refreshed nor stopped for this long is stopped by the
     * partner's gateway: the typist's gateway died. Longer than {@code timeout} plus delivery time.
     */
    @WithDefault("8s")
    Duration orphanTimeout();

    /** How often expired typing is looked for. */
    @WithDefault("250ms")
    Duration checkInterval();
}
