package io.chatrelay.message.service;

/** Why a request failed, as named on the wire ({@code CommandResult.code}, REST {@code code}). */
public enum FailureCode {
    VALIDATION, FORBIDDEN, NOT_FOUND, INTERNAL;

    public String wireName() {
        return name().toLowerCase();
    }
}
