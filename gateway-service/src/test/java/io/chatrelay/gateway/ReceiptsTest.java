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
import java.util.UUID;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivered and read receipts on the gateway, against the real broker; the test plays message-service by
 * reading {@code message.commands} and publishing on this gateway's partition of {@code gateway.deliveries}.
 */
@QuarkusTest
class ReceiptsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe kafka;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String conversationId = ConversationIds.direct(alice, bob);

    @BeforeEach
    void watchCommands() throws Exception {
        HealthChecks.awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
        RoomServiceStandIn.get(); // unknown rooms are answered 404, as room-service does
    }

    @AfterEach
    void stopWatching() {
        kafka.close();
    }

    @Test
    void aConnectingDeviceAsksForItsMissedMessagesToBeMarkedDelivered() {
        try (TestSocket ignored = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            JsonObject catchUp = awaitCommand("catch_up_delivered", bob);
            assertEquals(bob, catchUp.getString("userId"));
        }
    }

    @Test
    void aMessageHandedToADeviceOfTheReceiverIsReportedDelivered() {
        try (TestSocket bobSocket = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            String messageId = UUID.randomUUID().toString();
            publishEvent(storedMessage(messageId, 4));
            bobSocket.awaitEvent("new_direct_message");

            JsonObject receipt = awaitCommand("mark_delivered", messageId);
            assertEquals(bob, receipt.getString("userId"));
            assertEquals(conversationId, receipt.getString("conversationId"));
            assertEquals(4, receipt.getLong("upToSeq"));
        }
    }

    @Test
    void aMessageNobodyIsConnectedForIsNotReportedDelivered() {
        String messageId = UUID.randomUUID().toString();
        try (TestSocket aliceSocket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            publishEvent(storedMessage(messageId, 1));
            aliceSocket.awaitEvent("message_sent");
            aliceSocket.send("no_such_event", new JsonObject());
            aliceSocket.awaitEvent("message_error");
            assertTrue(kafka.receivedContaining(messageId).isEmpty());
        }
    }

    @Test
    void theSenderLearnsOneMessageWasDeliveredOrThatManyWere() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket aliceLaptop = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            String deliveredAt = Instant.now().toString();
            publishEvent(new JsonObject().put("type", "messages_delivered").put("conversationId", conversationId)
                    .put("userId", bob).put("otherUserId", alice).put("upToSeq", 3).put("deliveredAt", deliveredAt)
                    .put("messageId", "m-3"));
            publishEvent(new JsonObject().put("type", "messages_delivered").put("conversationId", conversationId)
                    .put("userId", bob).put("otherUserId", alice).put("upToSeq", 9).put("deliveredAt", deliveredAt));

            for (TestSocket device : new TestSocket[]{alicePhone, aliceLaptop}) {
                JsonObject one = device.awaitEvent("message_delivered");
                assertEquals("m-3", one.getString("messageId"));
                assertEquals(bob, one.getString("userId"));
                assertEquals(conversationId, one.getString("conversationId"));
                assertEquals(deliveredAt, one.getString("deliveredAt"));
                JsonObject many = device.awaitEvent("messages_delivered");
                assertEquals(9, many.getLong("upToSeq"));
                assertFalse(many.containsKey("messageId"));
            }
        }
    }

    @Test
    void markMessagesReadIsAcknowledgedWithTheCursorAndBothSidesGetMessagesRead() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket bobLaptop = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            bobPhone.send("mark_messages_read", new JsonObject().put("otherUserId", alice), 5);
            JsonObject command = awaitCommand("mark_read", conversationId);
            assertEquals(bob, command.getString("userId"));

            publishEvent(new JsonObject().put("type", "messages_read").put("origin", command.getJsonObject("origin"))
                    .put("conversationId", conversationId).put("userId", bob).put("otherUserId", alice)
                    .put("upToSeq", 12).put("readAt", Instant.now().toString()));

            JsonObject ack = bobPhone.awaitAck(5);
            assertTrue(ack.getBoolean("ok"), ack.encode());
            assertEquals(12, ack.getLong("upToSeq"));
            for (TestSocket device : new TestSocket[]{alicePhone, bobPhone, bobLaptop}) {
                JsonObject read = device.awaitEvent("messages_read");
                assertEquals(bob, read.getString("userId"));
                assertEquals(12, read.getLong("upToSeq"));
            }
        }
    }

    @Test
    void markMessagesReadFailsItsAckWhenMessageServiceRefuses() {
        try (TestSocket bobSocket = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            bobSocket.send("mark_messages_read", new JsonObject().put("otherUserId", alice), 6);
            JsonObject command = awaitCommand("mark_read", conversationId);
            publishEvent(new JsonObject().put("type", "command_result").put("origin", command.getJsonObject("origin"))
                    .put("conversationId", conversationId).put("code", "not_found").put("reason", "no such conversation"));

            JsonObject ack = bobSocket.awaitAck(6);
            assertFalse(ack.getBoolean("ok"));
            assertEquals("not_found", ack.getJsonObject("error").getString("code"));
        }
    }

    @Test
    void sendMessageNeedsExactlyOneTarget() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.send("send_message", new JsonObject().put("content", "nowhere"), 1);
            socket.send("send_message", new JsonObject().put("receiverId", bob).put("roomId", "r1").put("content", "x"), 2);
            socket.send("send_message", new JsonObject().put("roomId", UUID.randomUUID().toString()).put("content", "x"), 3);
            socket.send("mark_messages_read", new JsonObject(), 4);

            assertEquals("validation", socket.awaitAck(1).getJsonObject("error").getString("code"));
            assertEquals("validation", socket.awaitAck(2).getJsonObject("error").getString("code"));
            assertEquals("not_found", socket.awaitAck(3).getJsonObject("error").getString("code"));
            assertEquals("otherUserId must not be empty", socket.awaitAck(4).getJsonObject("error").getString("message"));
        }
    }

    @Test
    void sendMessageToAReceiverIsASendDirectMessage() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            socket.send("send_message", new JsonObject().put("receiverId", bob).put("content", "via send_message")
                    .put("clientMessageId", clientMessageId));
            JsonObject command = awaitCommand("send_message", clientMessageId);
            assertEquals(conversationId, command.getString("conversationId"));
        }
    }

    private JsonObject storedMessage(String messageId, long seq) {
        JsonObject message = new JsonObject().put("id", messageId).put("conversationId", conversationId)
                .put("senderId", alice).put("receiverId", bob).put("content", "hi").put("type", "text")
                .put("seq", seq).put("status", "sent").put("createdAt", Instant.now().toString());
        return new JsonObject().put("type", "message_stored").put("message", message).put("duplicate", false);
    }

    private void publishEvent(JsonObject event) {
        kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, event.encode());
    }

    private JsonObject awaitCommand(String type, String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.receivedContaining(fragment).stream()
                .anyMatch(record -> type.equals(new JsonObject(record.value()).getString("type"))));
        return kafka.receivedContaining(fragment).stream()
                .map(record -> new JsonObject(record.value()))
                .filter(command -> type.equals(command.getString("type")))
                .findFirst().orElseThrow();
    }
}
