package io.chatrelay.presence.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.presence.redis.RoomRosters;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Learns who is in which room from {@code room.events}: the members of a user's rooms are part of the audience
 * of that user's presence. Records of one room come in order (keyed by room id), so applying them as they come
 * gives the current members; other kinds of records are ignored.
 */
@ApplicationScoped
public class RoomRostersConsumer {

    static final String CHANNEL = "room-events";

    private final RoomRosters rosters;
    private final RostersReplay replay;

    public RoomRostersConsumer(RoomRosters rosters, @Identifier(RostersReplay.NAME) RostersReplay replay) {
        this.rosters = rosters;
        this.replay = replay;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, JsonNode> record) {
        return replay.apply(record, () -> apply(record.value()), "a room membership change");
    }

    private Uni<Void> apply(JsonNode event) {
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        String roomId = event.path("roomId").asText("");
        if (roomId.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return switch (event.path("type").asText()) {
            case RoomCreated.TYPE -> rosters.join(roomId, userIds(event.path("memberIds")));
            case MemberAdded.TYPE -> rosters.join(roomId, userIds(event.path("userId")));
            case MemberRemoved.TYPE -> rosters.leave(roomId, userIds(event.path("userId")));
            default -> Uni.createFrom().voidItem();
        };
    }

    /** The non-blank user ids of a string or an array of strings. */
    private static List<String> userIds(JsonNode node) {
        List<String> userIds = new ArrayList<>();
        (node.isArray() ? node : List.of(node)).forEach(item -> {
            if (item.isTextual() && !item.asText().isBlank()) {
                userIds.add(item.asText());
            }
        });
        return userIds;
    }
}
