package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of message a client may send; the wire form is the lower-case name. */
public enum MessageType {
    TEXT, IMAGE, FILE, EMOJI;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    public boolean carriesAttachment() {
        return this == IMAGE || this == FILE;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(name)).findFirst();
    }

    @JsonCreator
    static MessageType fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown message type: " + name));
    }
}
