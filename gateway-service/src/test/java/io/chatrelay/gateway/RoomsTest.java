package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms on the gateway against the real broker: the test plays message-service (Kafka) and room-service
 * (its membership snapshot API, {@link RoomServiceStandIn}).
 */
@QuarkusTest
class RoomsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe kafka;
    private RoomServiceStandIn roomService;
    private final String roomId = UUID.randomUUID().toString();
    private final String owner = "owner-" + UUID.randomUUID();
    private final String member = "member-" + UUID.randomUUID();
    private final String outsider = "outsider-" + UUID.randomUUID();

    @BeforeEach
    void setUp() throws Exception {
        HealthChecks.awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
        roomService = RoomServiceStandIn.get();
        roomService.room(roomId, 1, List.of(owner, member));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void onlyMembersJoinARoomAndUnknownRoomsAreNotFound() {
        try (TestSocket memberSocket = TestSocket.connect(ws, TestTokens.forUser(member));
             TestSocket outsiderSocket = TestSocket.connect(ws, TestTokens.forUser(outsider))) {
            memberSocket.send("join_room", new JsonObject().put("roomId", roomId), 1);
            outsiderSocket.send("join_room", new JsonObject().put("roomId", roomId), 1);
            outsiderSocket.send("join_room", new JsonObject().put("roomId", UUID.randomUUID().toString()), 2);
            outsiderSocket.send("join_room", new JsonObject().put("roomId", roomId));

            JsonObject joined = memberSocket.awaitAck(1);
            assertTrue(joined.getBoolean("ok"));
            assertEquals(roomId, joined.getString("roomId"));
            assertEquals("forbidden", outsiderSocket.awaitAck(1).getJsonObject("error").getString("code"));
            assertEquals("not_found", outsiderSocket.awaitAck(2).getJsonObject("error").getString("code"));
            assertEquals("forbidden", outsiderSocket.awaitEvent("message_error").getString("code"));
        }
    }

    @Test
    void onlyMembersSendAndTheCommandNamesTheRoomConversation() {
        try (TestSocket memberSocket = TestSocket.connect(ws, TestTokens.forUser(member));
             TestSocket outsiderSocket = TestSocket.connect(ws, TestTokens.forUser(outsider))) {
            String refused = "c-" + UUID.randomUUID();
            String accepted = "c-" + UUID.randomUUID();
            outsiderSocket.send("send_room_message", new JsonObject().put("roomId", roomId).put("content", "let me in")
                    .put("clientMessageId", refused));
            memberSocket.send("send_room_message", new JsonObject().put("roomId", roomId).put("content", "hello room")
                    .put("clientMessageId", accepted), 3);

            JsonObject error = outsiderSocket.awaitEvent("message_error");
            assertEquals("forbidden", error.getString("code"));
            assertEquals(refused, error.getString("clientMessageId"));
            JsonObject command = awaitCommand("send_message", accepted);
            assertEquals(roomId, command.getString("roomId"));
            assertEquals(ConversationIds.room(roomId), command.getString("conversationId"));
            assertTrue(kafka.receivedContaining(refused).isEmpty(), "a refused send never reaches Kafka");
        }
    }

    @Test
    void aRoomMessageReachesEverySocketOfEveryMemberJoinedOrNotButNoOutsider() {
        try (TestSocket ownerSocket = TestSocket.connect(ws, TestTokens.forUser(owner));
             TestSocket memberJoined = TestSocket.connect(ws, TestTokens.forUser(member));
             TestSocket memberIdle = TestSocket.connect(ws, TestTokens.forUser(member));
             TestSocket outsiderSocket = TestSocket.connect(ws, TestTokens.forUser(outsider))) {
            memberJoined.send("join_room", new JsonObject().put("roomId", roomId), 1);
            memberJoined.awaitAck(1);

            String messageId = publishRoomMessage(owner, 1);

            assertEquals(messageId, ownerSocket.awaitEvent("message_sent").getString("id"));
            for (TestSocket device : new TestSocket[]{memberJoined, memberIdle}) {
                JsonObject delivered = device.awaitEvent("new_room_message");
                assertEquals(messageId, delivered.getString("id"));
                assertEquals(roomId, delivered.getString("roomId"));
            }
            outsiderSocket.send("no_such_event", new JsonObject());
            outsiderSocket.awaitEvent("message_error");
            assertTrue(outsiderSocket.receivedEvents("new_room_message").isEmpty());
            assertTrue(ownerSocket.receivedEvents("new_room_message").isEmpty(), "the sender gets message_sent only");
        }
    }

    @Test
    void aRemovedMemberStopsReceivingAtOnce() {
        try (TestSocket memberSocket = TestSocket.connect(ws, TestTokens.forUser(member));
             TestSocket ownerSocket = TestSocket.connect(ws, TestTokens.forUser(owner))) {
            String before = publishRoomMessage(owner, 1);
            memberSocket.awaitEvent("new_room_message", data -> before.equals(data.getString("id")));

            kafka.publish(Topics.ROOM_EVENTS, roomId, new JsonObject().put("type", "member_removed").put("roomId", roomId)
                    .put("userId", member).put("byUserId", owner).put("version", 2).put("at", Instant.now().toString())
                    .encode());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                long attempt = System.nanoTime();
                memberSocket.send("join_room", new JsonObject().put("roomId", roomId), attempt);
                JsonObject ack = memberSocket.awaitAck(attempt);
                assertEquals("forbidden", ack.getJsonObject("error", new JsonObject()).getString("code"), ack.encode());
            });
            String after = publishRoomMessage(owner, 2);
            ownerSocket.awaitEvent("message_sent", data -> after.equals(data.getString("id")));
            assertTrue(memberSocket.receivedEvents("new_room_message").stream()
                    .noneMatch(frame -> after.equals(frame.getJsonObject("data").getString("id"))));
        }
    }

    @Test
    void markingARoomReadTellsEveryMember() {
        try (TestSocket ownerSocket = TestSocket.connect(ws, TestTokens.forUser(owner));
             TestSocket memberSocket = TestSocket.connect(ws, TestTokens.forUser(member))) {
            memberSocket.send("mark_messages_read", new JsonObject().put("roomId", roomId), 4);
            JsonObject command = awaitCommand("mark_read", ConversationIds.room(roomId));
            kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, ConversationIds.room(roomId), new JsonObject()
                    .put("type", "messages_read").put("origin", command.getJsonObject("origin"))
                    .put("conversationId", ConversationIds.room(roomId)).put("roomId", roomId).put("userId", member)
                    .put("upToSeq", 7).put("readAt", Instant.now().toString()).encode());

            assertEquals(7, memberSocket.awaitAck(4).getLong("upToSeq"));
            for (TestSocket socket : new TestSocket[]{ownerSocket, memberSocket}) {
                JsonObject read = socket.awaitEvent("messages_read");
                assertEquals(roomId, read.getString("roomId"));
                assertEquals(member, read.getString("userId"));
            }
        }
    }

    @Test
    void aThousandMemberRoomDeliversToEveryMember() {
        List<String> members = IntStream.range(0, 1000).mapToObj(i -> "m" + i + "-" + roomId).toList();
        roomService.room(roomId, 1, members);
        List<TestSocket> sockets = new ArrayList<>();
        try {
            members.forEach(memberId -> sockets.add(TestSocket.connect(ws, TestTokens.forUser(memberId))));
            JsonObject message = roomMessage(members.get(0), 1);
            kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, ConversationIds.room(roomId), new JsonObject()
                    .put("type", "message_stored").put("message", message).put("duplicate", false).encode());

            await().atMost(Duration.ofSeconds(30)).until(() -> sockets.stream().skip(1)
                    .allMatch(socket -> !socket.receivedEvents("new_room_message").isEmpty()));
            assertEquals(message.getString("id"), sockets.get(0).awaitEvent("message_sent").getString("id"));
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    private String publishRoomMessage(String senderId, long seq) {
        JsonObject message = roomMessage(senderId, seq);
        kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, ConversationIds.room(roomId), new JsonObject()
                .put("type", "message_stored").put("message", message).put("duplicate", false).encode());
        return message.getString("id");
    }

    private JsonObject roomMessage(String senderId, long seq) {
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("conversationId", ConversationIds.room(roomId))
                .put("senderId", senderId).put("roomId", roomId).put("content", "room message " + seq)
                .put("type", "text").put("seq", seq).put("status", "sent").put("createdAt", Instant.now().toString());
    }

    private JsonObject awaitCommand(String type, String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.receivedContaining(fragment).stream()
                .anyMatch(record -> type.equals(new JsonObject(record.value()).getString("type"))));
        return kafka.receivedContaining(fragment).stream().map(record -> new JsonObject(record.value()))
                .filter(command -> type.equals(command.getString("type"))).findFirst().orElseThrow();
    }
}
