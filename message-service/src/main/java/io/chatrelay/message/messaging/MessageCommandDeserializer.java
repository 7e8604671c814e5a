package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.MessageCommand;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class MessageCommandDeserializer extends ObjectMapperDeserializer<MessageCommand> {

    public MessageCommandDeserializer() {
        super(MessageCommand.class);
    }
}
