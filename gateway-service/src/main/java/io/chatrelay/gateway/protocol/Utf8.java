package io.chatrelay.gateway.protocol;

/**
 * Text frames must be UTF-8 (RFC 6455 §5.6). The server below the endpoints decodes leniently, turning
 * malformed bytes into U+FFFD, so a frame carrying U+FFFD is refused: otherwise that garbage would be stored.
 * The price, documented in docs/PROTOCOL.md: a client cannot send U+FFFD itself.
 */
public final class Utf8 {

    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    private Utf8() {
    }

    /** @throws FrameException when the frame was not well-formed UTF-8 */
    public static String requireWellFormed(String frame) {
        if (frame.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw new FrameException("frame is not valid UTF-8");
        }
        return frame;
    }
}
