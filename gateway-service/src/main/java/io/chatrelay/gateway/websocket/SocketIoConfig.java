package io.chatrelay.gateway.websocket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Engine.IO timing of {@code /socket.io/}. The largest frame (Engine.IO {@code maxPayload}) is not set here: it is
 * {@code quarkus.websockets-next.server.max-message-size}, the limit the server really enforces.
 */
@ConfigMapping(prefix = "gateway.socketio")
public interface SocketIoConfig {

    /** How often the server sends a ping ({@code 2}). */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long the client has to answer a ping with a pong ({@code 3}) before the connection is closed. */
    @WithDefault("20s")
    Duration pingTimeout();

    /** How long a connection may stay open without having connected the main namespace. */
    @WithDefault("45s")
    Duration connectTimeout();
}
