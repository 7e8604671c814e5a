package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.TypingSignal;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class TypingSignalDeserializer extends ObjectMapperDeserializer<TypingSignal> {

    public TypingSignalDeserializer() {
        super(TypingSignal.class);
    }
}
