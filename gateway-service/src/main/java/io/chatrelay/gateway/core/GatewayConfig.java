package io.chatrelay.gateway.core;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Unique per running gateway: answers to this gateway's requests are recognised by it. */
    String instanceId();

    /** How long a socket waits for message-service to store a message before it gets an error. */
    @WithDefault("10s")
    Duration storeTimeout();

    /** On shutdown, sockets are told to reconnect and closed spread over this window. */
    @WithDefault("5s")
    Duration drainWindow();

    /** Frames queued for one socket before it is closed as a slow consumer. */
    @WithDefault("1024")
    int maxPendingFrames();

    /** How long a {@code resume} waits for message-service's replay before it answers {@code internal}. */
    @WithDefault("10s")
    Duration resumeTimeout();

    /** Resumes asked of message-service in one call at most (they are gathered while earlier calls are in flight). */
    @WithDefault("64")
    int resumeBatchSize();

    /** Replay calls to message-service in flight at once; more resumes wait and go together in the next call. */
    @WithDefault("4")
    int resumeConcurrency();

    /** Tokens remembered as verified until they expire (a reconnect with one skips the signature check); 0: none. */
    @WithDefault("10000")
    int verifiedTokens();

    /** How late a socket's deadline (heartbeat, token expiry) may fire: its event loop checks them this often. */
    @WithDefault("1s")
    Duration deadlinePrecision();
}
