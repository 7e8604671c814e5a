package io.chatrelay.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Text frames must be UTF-8 (RFC 6455 §5.6). The server below the endpoints decodes leniently, turning
 * malformed bytes into U+FFFD, so a frame carrying U+FFFD is refused: otherwise that garbage would be stored.
 * The price, documented in docs/PROTOCOL.md: a client cannot send U+FFFD itself.
 *
 * <p>A well-formed frame can still name text that is not Unicode: a JSON escape of an unpaired surrogate
 * ({@code "\ud800"}). No UTF-8 column can hold it (PostgreSQL would store {@code ?} instead), so a frame whose
 * JSON has one, in a value or a key, is refused the same way.
 */
public final class Utf8 {

    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    public static final String NOT_UTF8 = "frame is not valid UTF-8";

    private Utf8() {
    }

    /** @throws FrameException when the frame was not well-formed UTF-8 */
    public static String requireWellFormed(String frame) {
        if (frame.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw new FrameException(NOT_UTF8);
        }
        return frame;
    }

    /** @throws FrameException when a string or a key of the JSON escapes an unpaired surrogate */
    public static JsonNode requireScalarValues(JsonNode json) {
        if (json == null) {
            return null;
        }
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(json);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual()) {
                requireScalarValues(node.textValue());
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    requireScalarValues(field.getKey());
                    todo.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return json;
    }

    private static void requireScalarValues(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new FrameException(NOT_UTF8 + ": it escapes an unpaired surrogate (\\u"
                        + Integer.toHexString(c) + ")");
            }
        }
    }
}
