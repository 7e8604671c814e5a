package io.chatrelay.gateway.protocol;

/** A frame that could not be decoded into a command; the connection stays usable. */
public class FrameException extends RuntimeException {

    public FrameException(String message) {
        super(message, null, false, false);
    }
}
