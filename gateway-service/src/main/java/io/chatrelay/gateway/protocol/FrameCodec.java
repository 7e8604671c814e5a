package io.chatrelay.gateway.protocol;

/** Translates between one wire format and commands/events. One implementation per protocol. */
public interface FrameCodec {

    /** @throws FrameException when the frame is not a well-formed command */
    InboundCommand decode(String frame);

    String encodeEvent(String event, Object data);

    String encodeAck(long ackId, Object data);
}
