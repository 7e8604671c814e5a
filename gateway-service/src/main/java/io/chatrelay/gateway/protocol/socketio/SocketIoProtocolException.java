package io.chatrelay.gateway.protocol.socketio;

import io.chatrelay.gateway.protocol.FrameException;

/** A frame that is not a well-formed Engine.IO 4 / Socket.IO 5 packet. */
public class SocketIoProtocolException extends FrameException {

    public SocketIoProtocolException(String message) {
        super(message);
    }
}
