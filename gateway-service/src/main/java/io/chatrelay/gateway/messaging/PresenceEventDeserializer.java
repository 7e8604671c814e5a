package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.PresenceEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class PresenceEventDeserializer extends ObjectMapperDeserializer<PresenceEvent> {

    public PresenceEventDeserializer() {
        super(PresenceEvent.class);
    }
}
