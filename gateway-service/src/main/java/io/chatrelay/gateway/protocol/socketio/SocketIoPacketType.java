package io.chatrelay.gateway.protocol.socketio;

import java.util.Optional;

/** Socket.IO protocol 5 packet types: the first character of an Engine.IO message. */
public enum SocketIoPacketType {
    CONNECT('0'), DISCONNECT('1'), EVENT('2'), ACK('3'), CONNECT_ERROR('4'), BINARY_EVENT('5'), BINARY_ACK('6');

    private final char code;

    SocketIoPacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    public static Optional<SocketIoPacketType> of(char code) {
        for (SocketIoPacketType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
