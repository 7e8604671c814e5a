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
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway on its own against the real broker: this test plays message-service by reading
 * {@code message.commands} and publishing on this gateway's partition of {@code gateway.deliveries}.
 */
@QuarkusTest
class NativeProtocolTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe commands;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeEach
    void watchCommands() {
        HealthChecks.awaitReady();
        commands = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
    }

    @AfterEach
    void stopWatching() {
        commands.close();
    }

    @Test
    void anUpgradeWithoutAValidTokenIsRefusedWith401() {
        assertEquals(401, TestSocket.upgradeStatus(ws, null));
        assertEquals(401, TestSocket.upgradeStatus(ws, "not-a-jwt"));
        assertEquals(401, TestSocket.upgradeStatus(ws, TestTokens.forgedFor(alice)));
        assertEquals(401, TestSocket.upgradeStatus(ws, TestTokens.forUser(alice, alice, Duration.ofSeconds(-60))));
        assertEquals(101, TestSocket.upgradeStatus(ws, TestTokens.forUser(alice)));
    }

    @Test
    void aBearerHeaderWorksAsWellAsTheQueryParameter() {
        try (TestSocket socket = TestSocket.connectWithHeader(ws, TestTokens.forUser(alice))) {
            socket.send("no_such_event", new JsonObject());
            assertEquals("validation", socket.awaitEvent("message_error").getString("code"));
        }
    }

    @Test
    void aSendIsPublishedWithTheTokenSubjectAsSenderWhateverTheClientClaims() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            socket.send("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "hi").put("type", "text")
                    .put("clientMessageId", clientMessageId).put("senderId", "mallory"));

            JsonObject command = awaitCommand(clientMessageId);
            assertEquals(alice, command.getString("senderId"));
            assertEquals(bob, command.getString("receiverId"));
            assertEquals(ConversationIds.direct(alice, bob), command.getString("conversationId"));
            assertEquals("send_message", command.getString("type"));
            assertNull(KafkaProbe.header(commands.receivedContaining(clientMessageId).get(0), "traceparent"),
                    "tracing is off by default");
        }
    }

    @Test
    void aStoredMessageReachesEverySocketOfTheReceiverAndOfTheSenderAndAnswersTheAck() {
        try (TestSocket aliceSocket = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket bobLaptop = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            aliceSocket.send("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "hello").put("type", "text")
                    .put("clientMessageId", clientMessageId), 7);
            JsonObject command = awaitCommand(clientMessageId);

            String messageId = UUID.randomUUID().toString();
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), storedEvent(command, messageId));

            JsonObject ack = aliceSocket.awaitAck(7);
            assertTrue(ack.getBoolean("ok"), ack.encode());
            assertEquals(messageId, ack.getJsonObject("message").getString("id"));
            assertEquals(messageId, aliceSocket.awaitEvent("message_sent").getString("id"));
            for (TestSocket device : new TestSocket[]{bobPhone, bobLaptop}) {
                JsonObject delivered = device.awaitEvent("new_direct_message");
                assertEquals(messageId, delivered.getString("id"));
                assertEquals(alice, delivered.getString("senderId"));
                assertEquals(1, delivered.getLong("seq"));
            }
        }
    }

    @Test
    void aRedeliveredEventIsShownOnlyOncePerSocket() {
        try (TestSocket bobSocket = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            JsonObject command = new JsonObject().put("origin", new JsonObject().put("gatewayId", "elsewhere")
                            .put("requestId", UUID.randomUUID().toString()))
                    .put("conversationId", ConversationIds.direct(alice, bob))
                    .put("senderId", alice).put("receiverId", bob).put("messageType", "text").put("content", "twice");
            String event = storedEvent(command, UUID.randomUUID().toString());
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), event);
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), event);

            bobSocket.awaitEvent("new_direct_message");
            bobSocket.send("no_such_event", new JsonObject()); // a marker: frames arrive in order
            bobSocket.awaitEvent("message_error");
            assertEquals(1, bobSocket.receivedEvents("new_direct_message").size());
        }
    }

    @Test
    void aRejectionFromMessageServiceFailsTheAckWithItsCode() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            socket.send("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "hello").put("clientMessageId", clientMessageId), 3);
            JsonObject command = awaitCommand(clientMessageId);
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), new JsonObject()
                    .put("type", "message_rejected").put("origin", command.getJsonObject("origin"))
                    .put("senderId", alice).put("clientMessageId", clientMessageId)
                    .put("code", "internal").put("reason", "database unavailable").encode());

            JsonObject ack = socket.awaitAck(3);
            assertFalse(ack.getBoolean("ok"));
            assertEquals("internal", ack.getJsonObject("error").getString("code"));
        }
    }

    @Test
    void badInputGetsAMessageErrorAndTheSocketStaysUsable() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.sendRaw("{not json");
            assertEquals("frame is not valid JSON", socket.awaitEvent("message_error").getString("message"));

            socket.sendRaw("[1,2]");
            socket.sendRaw("{\"event\":\"send_direct_message\",\"data\":\"text\"}");
            socket.sendBinary(new byte[]{1, 2, 3});
            socket.send("send_direct_message", new JsonObject().put("receiverId", bob).put("content", "")
                    .put("clientMessageId", "empty-1"));
            socket.send("send_direct_message", new JsonObject().put("receiverId", bob).put("content", "x")
                    .put("type", "video").put("clientMessageId", "type-1"));
            socket.send("send_direct_message", new JsonObject().put("receiverId", alice).put("content", "me")
                    .put("clientMessageId", "self-1"));
            socket.send("send_direct_message", new JsonObject().put("content", "to nobody"));
            socket.send("send_direct_message", new JsonObject().put("receiverId", 42).put("content", "x"));

            await().atMost(Duration.ofSeconds(10)).until(() -> socket.receivedEvents("message_error").size() == 9);
            assertTrue(socket.receivedEvents("message_error").stream()
                    .allMatch(frame -> "validation".equals(frame.getJsonObject("data").getString("code"))));
            assertEquals("content must not be empty", errorFor(socket, "empty-1").getString("message"));
            assertTrue(errorFor(socket, "type-1").getString("message").startsWith("type must be one of"));
            assertEquals("receiverId must be another user", errorFor(socket, "self-1").getString("message"));
            assertTrue(socket.isOpen());
            assertTrue(commands.received().stream().noneMatch(record -> record.value().contains("\"send_message\"")
                            && record.value().contains(alice)), "nothing invalid reaches Kafka");
        }
    }

    @Test
    void aFrameLargerThanTheLimitClosesTheSocketWith1009() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.sendRaw("{\"event\":\"send_direct_message\",\"data\":{\"content\":\"" + "x".repeat(70_000) + "\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeStatus() != null);
            assertEquals(1009, socket.closeStatus());
        }
    }

    @Test
    void aTextFrameThatIsNotUtf8IsRefusedAndNothingReachesKafka() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            byte[] invalid = ("{\"event\":\"send_direct_message\",\"data\":{\"receiverId\":\"" + bob
                    + "\",\"content\":\"bad \u0000\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            invalid[invalid.length - 4] = (byte) 0xC3; // a lead byte followed by '"' is not UTF-8
            socket.sendTextBytes(invalid);

            assertEquals("frame is not valid UTF-8", socket.awaitEvent("message_error").getString("message"));
            assertTrue(socket.isOpen());
            assertTrue(commands.receivedContaining("\"send_message\"").stream()
                    .noneMatch(record -> record.value().contains(alice)));
        }
    }

    private static JsonObject errorFor(TestSocket socket, String clientMessageId) {
        return socket.awaitEvent("message_error", data -> clientMessageId.equals(data.getString("clientMessageId")));
    }

    private JsonObject awaitCommand(String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !commands.receivedContaining(fragment).isEmpty());
        ConsumerRecord<String, String> record = commands.receivedContaining(fragment).get(0);
        JsonObject command = new JsonObject(record.value());
        assertEquals(command.getString("conversationId"), record.key(), "keyed by conversation");
        return command;
    }

    private static String storedEvent(JsonObject command, String messageId) {
        JsonObject message = new JsonObject()
                .put("id", messageId)
                .put("clientMessageId", command.getString("clientMessageId"))
                .put("conversationId", command.getString("conversationId"))
                .put("senderId", command.getString("senderId"))
                .put("receiverId", command.getString("receiverId"))
                .put("content", command.getString("content"))
                .put("type", command.getString("messageType"))
                .put("seq", 1)
                .put("status", "sent")
                .put("createdAt", Instant.now().toString());
        return new JsonObject().put("type", "message_stored").put("origin", command.getJsonObject("origin"))
                .put("message", message).put("duplicate", false).encode();
    }
}
