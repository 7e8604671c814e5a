package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The codes a client may see in {@code message_error} and in failed acknowledgements. */
@RegisterForReflection
public enum ErrorCode {
    VALIDATION, FORBIDDEN, NOT_FOUND, RATE_LIMITED, INTERNAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    /** Maps a code received from another service; anything unknown is an internal error. */
    public static ErrorCode fromWireName(String code) {
        for (ErrorCode candidate : values()) {
            if (candidate.wireName().equals(code)) {
                return candidate;
            }
        }
        return INTERNAL;
    }
}
