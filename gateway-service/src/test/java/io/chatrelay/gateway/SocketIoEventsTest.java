package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events beyond sending, over the stock Java Socket.IO client: receipts, reads, rooms, token refresh.
 * The test plays message-service (Kafka) and room-service (its membership API).
 */
@QuarkusTest
class SocketIoEventsTest {

    @TestHTTPResource("/")
    URI gateway;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe kafka;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String conversationId = ConversationIds.direct(alice, bob);

    @BeforeEach
    void setUp() throws Exception {
        HealthChecks.awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
        RoomServiceStandIn.get();
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void deliveredAndReadReceiptsReachTheSenderAndTheReadersOtherDevice() {
        try (SocketIoTestClient aliceSocket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice));
             SocketIoTestClient bobPhone = SocketIoTestClient.connect(gateway, TestTokens.forUser(bob));
             SocketIoTestClient bobLaptop = SocketIoTestClient.connect(gateway, TestTokens.forUser(bob))) {
            String messageId = UUID.randomUUID().toString();
            kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, new JsonObject().put("type", "message_stored")
                    .put("message", new JsonObject().put("id", messageId).put("conversationId", conversationId)
                            .put("senderId", alice).put("receiverId", bob).put("content", "hi").put("type", "text")
                            .put("seq", 1).put("status", "sent").put("createdAt", Instant.now().toString()))
                    .put("duplicate", false).encode());
            assertEquals(messageId, bobPhone.awaitEvent("new_direct_message").getString("id"));
            await().atMost(Duration.ofSeconds(10)).until(() -> kafka.receivedContaining(messageId).stream()
                    .anyMatch(record -> record.value().contains("mark_delivered")));
            kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, new JsonObject().put("type", "messages_delivered")
                    .put("conversationId", conversationId).put("userId", bob).put("otherUserId", alice).put("upToSeq", 1)
                    .put("deliveredAt", Instant.now().toString()).put("messageId", messageId).encode());
            assertEquals(messageId, aliceSocket.awaitEvent("message_delivered").getString("messageId"));

            CompletableFuture<JsonObject> ack = bobPhone.emitExpectingAck("mark_messages_read",
                    new JsonObject().put("otherUserId", alice));
            JsonObject command = awaitCommand("mark_read", conversationId);
            kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, new JsonObject().put("type", "messages_read")
                    .put("origin", command.getJsonObject("origin")).put("conversationId", conversationId)
                    .put("userId", bob).put("otherUserId", alice).put("upToSeq", 1).put("readAt", Instant.now().toString())
                    .encode());

            JsonObject readAck = ack.get(15, TimeUnit.SECONDS);
            assertEquals(1, readAck.getLong("upToSeq"), readAck.encode());
            assertEquals(bob, aliceSocket.awaitEvent("messages_read").getString("userId"));
            assertEquals(1, bobLaptop.awaitEvent("messages_read").getLong("upToSeq"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roomsWorkTheSameOverSocketIo() {
        String roomId = UUID.randomUUID().toString();
        try {
            RoomServiceStandIn.get().room(roomId, 1, List.of(alice, bob));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (SocketIoTestClient aliceSocket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice));
             SocketIoTestClient outsider = SocketIoTestClient.connect(gateway, TestTokens.forUser("out-" + UUID.randomUUID()))) {
            assertTrue(aliceSocket.emitWithAck("join_room", new JsonObject().put("roomId", roomId)).getBoolean("ok"));
            assertEquals("forbidden", outsider.emitWithAck("join_room", new JsonObject().put("roomId", roomId))
                    .getJsonObject("error").getString("code"));

            aliceSocket.emit("send_room_message", new JsonObject().put("roomId", roomId).put("content", "hi room")
                    .put("clientMessageId", "room-" + roomId));
            JsonObject command = awaitCommand("send_message", alice);
            assertEquals(roomId, command.getString("roomId"));
        }
    }

    @Test
    void aTokenRefreshIsAcknowledged() {
        try (SocketIoTestClient aliceSocket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            JsonObject ack = aliceSocket.emitWithAck("refresh_token", new JsonObject().put("token", TestTokens.forUser(alice)));
            assertTrue(ack.getBoolean("ok"), ack.encode());
        }
    }

    private JsonObject awaitCommand(String type, String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.receivedContaining(fragment).stream()
                .anyMatch(record -> type.equals(new JsonObject(record.value()).getString("type"))));
        return kafka.receivedContaining(fragment).stream().map(record -> new JsonObject(record.value()))
                .filter(command -> type.equals(command.getString("type"))).findFirst().orElseThrow();
    }
}
