package io.chatrelay.room.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class MessageEventDeserializer extends ObjectMapperDeserializer<MessageEvent> {

    public MessageEventDeserializer() {
        super(MessageEvent.class);
    }
}
