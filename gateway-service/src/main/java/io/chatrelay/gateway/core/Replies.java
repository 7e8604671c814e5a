package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Payloads of acknowledgements and {@code message_error}, the same on every protocol. */
public final class Replies {

    private Replies() {
    }

    @RegisterForReflection
    public record Error(ErrorCode code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record MessageError(ErrorCode code, String message, String clientMessageId) {

        public static MessageError of(CommandException failure) {
            return new MessageError(failure.code(), failure.getMessage(), failure.clientMessageId());
        }
    }

    @RegisterForReflection
    public record Ok<T>(boolean ok, T message) {
        public Ok(T message) {
            this(true, message);
        }
    }

    @RegisterForReflection
    public record Failed(boolean ok, Error error) {
        public static Failed of(CommandException failure) {
            return new Failed(false, new Error(failure.code(), failure.getMessage()));
        }
    }
}
