package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.Topics;
import io.chatrelay.presence.redis.RebuildMarks;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Singleton;

/** Rebuilds the room rosters projection from {@code room.events}. A singleton: its base class cannot be proxied. */
@Singleton
@Identifier(RostersReplay.NAME)
public class RostersReplay extends ProjectionReplay {

    public static final String NAME = "rosters-replay";

    public RostersReplay(KafkaClientService kafka, RebuildMarks marks) {
        super(kafka, marks, RoomRostersConsumer.CHANNEL, Topics.ROOM_EVENTS);
    }
}
