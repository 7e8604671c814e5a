package io.chatrelay.gateway.session;

import io.chatrelay.gateway.protocol.FrameCodec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event going to many sockets (a room's members, a user's devices): encoded once per wire format, not once per
 * socket, into UTF-8 bytes that every socket writes as they are. A fan-out reads it from several event loops.
 */
public final class OutboundEvent {

    private final String name;
    private final Object data;
    private final Map<FrameCodec, byte[]> frames = new ConcurrentHashMap<>(4);

    public OutboundEvent(String name, Object data) {
        this.name = name;
        this.data = data;
    }

    public String name() {
        return name;
    }

    byte[] frameFor(FrameCodec codec) {
        return frames.computeIfAbsent(codec, format -> ClientSession.utf8(format.encodeEvent(name, data)));
    }
}
