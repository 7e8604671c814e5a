package io.chatrelay.gateway.session;

import io.chatrelay.gateway.protocol.FrameCodec;

import java.util.HashMap;
import java.util.Map;

/**
 * An event going to many sockets (a room's members, a user's devices): encoded once per wire format, not once per
 * socket. Meant for the one thread that fans it out.
 */
public final class OutboundEvent {

    private final String name;
    private final Object data;
    private final Map<FrameCodec, String> frames = new HashMap<>(4);

    public OutboundEvent(String name, Object data) {
        this.name = name;
        this.data = data;
    }

    public String name() {
        return name;
    }

    String frameFor(FrameCodec codec) {
        return frames.computeIfAbsent(codec, format -> format.encodeEvent(name, data));
    }
}
