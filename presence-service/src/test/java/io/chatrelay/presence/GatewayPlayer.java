package io.chatrelay.presence;

import io.chatrelay.contracts.Topics;
import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Plays a gateway (and message-service, for contacts, and room-service, for rooms) on the real broker, and records what presence-service
 * publishes on {@code presence.events}.
 */
final class GatewayPlayer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    final String gatewayId = "gw-" + UUID.randomUUID();
    private final KafkaProbe kafka;

    GatewayPlayer(String bootstrapServers) {
        awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.PRESENCE_EVENTS);
    }

    /** presence-service reads from "now" on: it must have its partitions before a test publishes. */
    static void awaitReady() {
        HealthChecks.awaitReady();
    }

    void heartbeat(long ttlMillis) {
        command(gatewayId, new JsonObject().put("type", "gateway_heartbeat").put("gatewayId", gatewayId)
                .put("ttlMillis", ttlMillis).put("sessions", 0));
    }

    String open(String userId) {
        String sessionId = "s-" + UUID.randomUUID();
        open(sessionId, userId);
        return sessionId;
    }

    void open(String sessionId, String userId) {
        command(userId, session("session_opened", sessionId, userId));
    }

    void close(String sessionId, String userId) {
        command(userId, session("session_closed", sessionId, userId));
    }

    /** A close announced after the gateway's offline grace, with the time the socket closed. */
    void close(String sessionId, String userId, Instant closedAt) {
        command(userId, session("session_closed", sessionId, userId).put("closedAt", closedAt.toString()));
    }

    void stop() {
        command(gatewayId, new JsonObject().put("type", "gateway_stopped").put("gatewayId", gatewayId));
    }

    /** Plays message-service and waits until presence-service has learnt that the two users are contacts. */
    void becomeContacts(ContactBook contacts, String senderId, String receiverId) {
        messageStored(senderId, receiverId);
        await().atMost(WAIT).until(() -> contacts.contactsOf(receiverId).await().atMost(WAIT).contains(senderId)
                && contacts.contactsOf(senderId).await().atMost(WAIT).contains(receiverId));
    }

    /** Plays message-service: a stored direct message makes the two users contacts. */
    void messageStored(String senderId, String receiverId) {
        JsonObject message = new JsonObject().put("id", UUID.randomUUID().toString()).put("conversationId", "d-test")
                .put("senderId", senderId).put("receiverId", receiverId).put("content", "hi").put("type", "text")
                .put("seq", 1).put("status", "sent").put("createdAt", "2026-11-25T20:11:50Z");
        kafka.publish(Topics.MESSAGE_EVENTS, "d-test", new JsonObject().put("type", "message_stored")
                .put("message", message).put("duplicate", false).encode());
    }

    /** Plays room-service: a room is created with these members (the first is its owner). */
    void roomCreated(String roomId, String... memberIds) {
        roomEvent(roomId, new JsonObject().put("type", "room_created").put("name", "Room " + roomId)
                .put("ownerId", memberIds[0]).put("memberIds", new JsonArray(List.of(memberIds))).put("version", 1));
    }

    /** Plays room-service: {@code userId} joins the room ({@code version} counts the room's changes). */
    void memberAdded(String roomId, String userId, long version) {
        roomEvent(roomId, new JsonObject().put("type", "member_added").put("userId", userId)
                .put("byUserId", userId).put("version", version));
    }

    /** Plays room-service: {@code userId} leaves the room. */
    void memberRemoved(String roomId, String userId, long version) {
        roomEvent(roomId, new JsonObject().put("type", "member_removed").put("userId", userId)
                .put("byUserId", userId).put("version", version));
    }

    /** Plays room-service publishing a record of its own making, e.g. of a kind presence-service does not know. */
    void roomEvent(String roomId, JsonObject event) {
        kafka.publish(Topics.ROOM_EVENTS, roomId, event.copy().put("roomId", roomId).put("at", Instant.now().toString())
                .encode());
    }

    /** Waits until presence-service's room rosters say exactly who shares a room with {@code userId}. */
    static void awaitCoMembers(RoomRosters rosters, String userId, String... coMemberIds) {
        Set<String> expected = new HashSet<>(List.of(coMemberIds));
        await().atMost(WAIT).until(() -> {
            Set<String> coMembers = new HashSet<>(rosters.audienceOf(userId, Integer.MAX_VALUE).await().atMost(WAIT)
                    .memberIds());
            coMembers.remove(userId);
            return coMembers.equals(expected);
        });
    }

    /** The presence changes published for {@code userId} so far, in order. */
    List<JsonObject> changesOf(String userId) {
        return events("presence_changed", event -> userId.equals(event.getString("userId")));
    }

    JsonObject awaitChange(String userId, String status) {
        Predicate<JsonObject> wanted = event -> userId.equals(event.getString("userId"))
                && status.equals(event.getString("status"));
        await().atMost(WAIT).until(() -> !events("presence_changed", wanted).isEmpty());
        return events("presence_changed", wanted).get(0);
    }

    List<JsonObject> resyncRequests() {
        return events("presence_resync_requested", event -> gatewayId.equals(event.getString("gatewayId")));
    }

    List<JsonObject> events(String type, Predicate<JsonObject> matches) {
        return kafka.received().stream()
                .map(record -> new JsonObject(record.value()))
                .filter(event -> type.equals(event.getString("type")))
                .filter(matches)
                .toList();
    }

    private JsonObject session(String type, String sessionId, String userId) {
        return new JsonObject().put("type", type).put("gatewayId", gatewayId).put("sessionId", sessionId)
                .put("userId", userId);
    }

    private void command(String key, JsonObject command) {
        kafka.publish(Topics.PRESENCE_COMMANDS, key, command.encode());
    }

    @Override
    public void close() {
        kafka.close();
    }
}
