package io.chatrelay.gateway.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Commands to message-service ({@code message.commands}). */
@ConfigMapping(prefix = "gateway.commands")
public interface CommandConfig {

    /**
     * Below this many commands per second the producer's linger has nothing to batch, and a command is flushed to the
     * broker at once instead of waiting it out (0: every command waits for the linger).
     */
    @WithDefault("200")
    int flushBelowRate();
}
