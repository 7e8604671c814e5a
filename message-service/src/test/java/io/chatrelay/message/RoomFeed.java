package io.chatrelay.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.contracts.room.RoomEvent;
import io.chatrelay.testing.KafkaProbe;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code room.events} as room-service writes it (the test plays room-service, with its snapshot API running
 * as {@link RoomServiceStandIn}), and message-service's room replica as its tables show it.
 */
final class RoomFeed implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final KafkaProbe probe;
    private final ObjectMapper json;
    private final AgroalDataSource database;

    RoomFeed(String bootstrapServers, ObjectMapper json, AgroalDataSource database) {
        RoomServiceStandIn.get();
        this.probe = KafkaProbe.watching(bootstrapServers, Topics.ROOM_EVENTS);
        this.json = json;
        this.database = database;
    }

    /** Announces a new room (version 1, the owner first among its members) and waits until the replica has it. */
    String create(String ownerId, String... otherMembers) {
        String roomId = UUID.randomUUID().toString();
        List<String> members = new ArrayList<>(List.of(ownerId));
        members.addAll(List.of(otherMembers));
        publish(new RoomCreated(roomId, "room " + roomId.substring(0, 8), ownerId, members, 1, Instant.now()));
        awaitVersion(roomId, 1);
        return roomId;
    }

    /** Announces {@code userId} joining at {@code version} and waits until the replica applied it. */
    void add(String roomId, long version, String userId) {
        publish(new MemberAdded(roomId, userId, "owner", version, Instant.now()));
        awaitVersion(roomId, version);
    }

    /** Announces {@code userId} leaving at {@code version} and waits until the replica applied it. */
    void remove(String roomId, long version, String userId) {
        publish(new MemberRemoved(roomId, userId, userId, version, Instant.now()));
        awaitVersion(roomId, version);
    }

    /** Publishes keyed by room id, as room-service does. */
    void publish(RoomEvent event) {
        try {
            probe.publish(Topics.ROOM_EVENTS, event.roomId(), json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitVersion(String roomId, long version) {
        Awaitility.await().atMost(WAIT).until(() -> versionOf(roomId) >= version);
    }

    /** The replica's version of the room, 0 when it does not have it. */
    long versionOf(String roomId) {
        return query("select version from rooms where room_id = ?", roomId).stream().findFirst()
                .map(Long::valueOf).orElse(0L);
    }

    /** The replica's name of the room, null when it does not have it. */
    String nameOf(String roomId) {
        return query("select name from rooms where room_id = ?", roomId).stream().findFirst().orElse(null);
    }

    /** The replica's members of the room. */
    Set<String> membersOf(String roomId) {
        return Set.copyOf(query("select user_id from room_members where room_id = ?", roomId));
    }

    /** How many messages the database holds for the room. */
    long messagesIn(String roomId) {
        return Long.parseLong(query("select count(*) from messages where room_id = ?", roomId).get(0));
    }

    private List<String> query(String sql, String parameter) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
