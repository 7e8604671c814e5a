package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payloads of acknowledgements and {@code message_error}, the same on every protocol. */
public final class Replies {

    private Replies() {
    }

    public record Error(ErrorCode code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageError(ErrorCode code, String message, String clientMessageId) {

        public static MessageError of(CommandException failure) {
            return new MessageError(failure.code(), failure.getMessage(), failure.clientMessageId());
        }
    }

    public record Ok<T>(boolean ok, T message) {
        public Ok(T message) {
            this(true, message);
        }
    }

    public record Failed(boolean ok, Error error) {
        public static Failed of(CommandException failure) {
            return new Failed(false, new Error(failure.code(), failure.getMessage()));
        }
    }
}
