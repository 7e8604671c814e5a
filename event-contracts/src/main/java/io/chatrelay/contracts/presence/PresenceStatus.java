package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Whether a user has at least one open socket on any gateway; the wire form is the lower-case name. */
public enum PresenceStatus {
    ONLINE, OFFLINE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    static PresenceStatus fromJson(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown presence status: " + name));
    }
}
