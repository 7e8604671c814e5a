package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A request to message-service on {@code message.commands}; the {@code type} property names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SendMessage.class, name = SendMessage.TYPE)
})
public sealed interface MessageCommand permits SendMessage {

    Origin origin();

    /** The Kafka key: every command of one conversation goes to the same partition, in order. */
    String conversationId();
}
