package io.chatrelay.gateway.protocol.socketio;

import java.util.Optional;

/** Engine.IO 4 packet types: the first character of every text frame on {@code /socket.io/}. */
public enum EngineIoPacketType {
    OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

    private final char code;

    EngineIoPacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Optional<EngineIoPacketType> of(char code) {
        for (EngineIoPacketType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
