package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A request to message-service on {@code message.commands}; the {@code type} property names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SendMessage.class, name = SendMessage.TYPE),
        @JsonSubTypes.Type(value = MarkDelivered.class, name = MarkDelivered.TYPE),
        @JsonSubTypes.Type(value = MarkRead.class, name = MarkRead.TYPE),
        @JsonSubTypes.Type(value = CatchUpDelivered.class, name = CatchUpDelivered.TYPE)
})
public sealed interface MessageCommand permits SendMessage, MarkDelivered, MarkRead, CatchUpDelivered {

    Origin origin();

    /** The conversation concerned, or null for a command about a user (see {@link #key()}). */
    String conversationId();

    /** The Kafka key: every command of one conversation goes to the same partition, in order. */
    default String key() {
        return conversationId();
    }
}
