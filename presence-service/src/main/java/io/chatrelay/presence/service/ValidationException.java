package io.chatrelay.presence.service;

/** A request the caller must fix; answered 400 {@code {"code":"validation","message"}}. */
public class ValidationException extends RuntimeException {

    public ValidationException(String message) {
        super(message, null, false, false);
    }
}
