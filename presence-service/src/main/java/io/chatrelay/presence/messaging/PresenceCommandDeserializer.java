package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.presence.PresenceCommand;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class PresenceCommandDeserializer extends ObjectMapperDeserializer<PresenceCommand> {

    public PresenceCommandDeserializer() {
        super(PresenceCommand.class);
    }
}
