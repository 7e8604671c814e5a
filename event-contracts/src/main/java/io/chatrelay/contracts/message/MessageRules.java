package io.chatrelay.contracts.message;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What a sendable message looks like. The gateway applies these rules before anything reaches Kafka and
 * message-service applies them again, because Kafka is an input too.
 */
public final class MessageRules {

    public static final int MAX_TEXT_LENGTH = 4000;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_ID_LENGTH = 128;

    private MessageRules() {
    }

    /** @return why the content is not acceptable for this type, or empty when it is */
    public static Optional<String> contentViolation(MessageType type, String content) {
        if (content == null || content.isBlank()) {
            return Optional.of("content must not be empty");
        }
        Optional<String> malformed = textViolation("content", content);
        if (malformed.isPresent()) {
            return malformed;
        }
        if (type.carriesAttachment()) {
            return attachmentUrlViolation(content);
        }
        int length = content.codePointCount(0, content.length());
        if (length > MAX_TEXT_LENGTH) {
            return Optional.of("content must be at most " + MAX_TEXT_LENGTH + " characters, got " + length);
        }
        return Optional.empty();
    }

    /** @return why the id (a user id, a client message id) is not acceptable, or empty when it is */
    public static Optional<String> idViolation(String field, String id) {
        if (id == null || id.isBlank()) {
            return Optional.of(field + " must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of(field + " must be at most " + MAX_ID_LENGTH + " characters");
        }
        return textViolation(field, id);
    }

    /**
     * Text PostgreSQL can store as given: no NUL, and well-formed UTF-16 (a JSON escape like {@code "\ud800"} makes an
     * unpaired surrogate, which the database would silently turn into '?').
     *
     * @return why the text is not acceptable, or empty when it is
     */
    public static Optional<String> textViolation(String field, String text) {
        if (text.indexOf('\u0000') >= 0) {
            return Optional.of(field + " must not contain NUL characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " must not contain unpaired UTF-16 surrogates");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> attachmentUrlViolation(String content) {
        if (content.length() > MAX_URL_LENGTH) {
            return Optional.of("attachment URL must be at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(content);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                return Optional.of("content of an image or file message must be an http(s) URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("content of an image or file message must be an http(s) URL");
        }
    }
}
