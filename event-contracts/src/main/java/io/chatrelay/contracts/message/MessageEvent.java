package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A fact published by message-service on {@code message.events}; the {@code type} property names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MessageStored.class, name = MessageStored.TYPE),
        @JsonSubTypes.Type(value = MessageRejected.class, name = MessageRejected.TYPE),
        @JsonSubTypes.Type(value = MessagesDelivered.class, name = MessagesDelivered.TYPE),
        @JsonSubTypes.Type(value = MessagesRead.class, name = MessagesRead.TYPE),
        @JsonSubTypes.Type(value = CommandResult.class, name = CommandResult.TYPE)
})
public sealed interface MessageEvent permits MessageStored, MessageRejected, MessagesDelivered, MessagesRead,
        CommandResult {

    /** The command this event answers; null when no gateway waits for it. */
    Origin origin();
}
