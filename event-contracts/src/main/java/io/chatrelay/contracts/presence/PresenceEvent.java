package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code presence.events}; the {@code type} property names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PresenceChanged.class, name = PresenceChanged.TYPE),
        @JsonSubTypes.Type(value = PresenceResyncRequested.class, name = PresenceResyncRequested.TYPE)
})
public sealed interface PresenceEvent permits PresenceChanged, PresenceResyncRequested {
}
