package io.chatrelay.gateway.protocol.socketio;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The payload of the Engine.IO OPEN packet the server sends first on every connection. No upgrades: the
 * connection is a websocket from the start and stays one.
 *
 * @param pingInterval milliseconds between two server pings
 * @param pingTimeout  milliseconds the client has to answer a ping with a pong
 * @param maxPayload   the largest frame, in bytes, the server accepts
 */
@RegisterForReflection
public record EngineIoHandshake(String sid, List<String> upgrades, long pingInterval, long pingTimeout, int maxPayload) {

    public EngineIoHandshake(String sid, long pingInterval, long pingTimeout, int maxPayload) {
        this(sid, List.of(), pingInterval, pingTimeout, maxPayload);
    }
}
