package io.chatrelay.message.messaging;

import io.chatrelay.contracts.room.RoomEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class RoomEventDeserializer extends ObjectMapperDeserializer<RoomEvent> {

    public RoomEventDeserializer() {
        super(RoomEvent.class);
    }
}
