package io.chatrelay.gateway.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "gateway.fan-out")
public interface FanOutConfig {

    /**
     * An event loop hands a fan-out's frames (room messages, presence batches) to the kernel at once, unless it
     * did so for an earlier fan-out less than this long ago: then once that interval is up, so a socket that got
     * several fan-outs meanwhile takes them in one system call. 0: every fan-out is flushed at once.
     */
    @WithDefault("25ms")
    Duration flushInterval();
}
