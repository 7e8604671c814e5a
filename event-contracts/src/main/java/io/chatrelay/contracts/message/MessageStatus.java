package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a message is on its way to the receiver: stored, reached a device, seen. */
public enum MessageStatus {
    SENT, DELIVERED, READ;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }
}
