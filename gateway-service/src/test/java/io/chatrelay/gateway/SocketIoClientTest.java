package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Socket.IO on {@code /socket.io/} as the stock Java client (io.socket:socket.io-client 2.1.2) sees it, against the
 * real broker: the test plays message-service by reading {@code message.commands} and publishing on
 * {@code gateway.deliveries} (the partition this gateway reads).
 */
@QuarkusTest
class SocketIoClientTest {

    @TestHTTPResource("/")
    URI gateway;

    @TestHTTPResource("/ws")
    URI nativeWs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SessionRegistry sessions;

    private KafkaProbe commands;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeEach
    void watchCommands() {
        commands = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
    }

    @AfterEach
    void stopWatching() {
        commands.close();
    }

    @Test
    void aValidTokenInTheAuthPayloadConnects() {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway,
                TestTokens.forUser(alice, "Alice", Duration.ofHours(1)))) {
            assertTrue(socket.isConnected());
            assertNotNull(socket.id());
            await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionsOf(alice).size() == 1);
            ClientSession session = sessions.sessionsOf(alice).iterator().next();
            assertEquals("Alice", session.displayName(), "the name claim");
        }
    }

    @Test
    void aMissingMalformedExpiredOrForgedTokenGetsConnectErrorUnauthorized() {
        List<String> refusedTokens = new ArrayList<>();
        refusedTokens.add(null);
        refusedTokens.add("not-a-jwt");
        refusedTokens.add(TestTokens.forUser(alice, alice, Duration.ofSeconds(-60)));
        refusedTokens.add(TestTokens.forgedFor(alice));
        for (String token : refusedTokens) {
            JsonObject error = SocketIoTestClient.connectError(gateway, token);
            assertEquals("unauthorized", error.getString("message"), "token " + token);
        }
        assertTrue(sessions.sessionsOf(alice).isEmpty(), "a refused socket is never registered");
    }

    @Test
    void aSendIsAcknowledgedWithTheStoredMessageOnlyOnceMessageServiceStoredIt() throws Exception {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            CompletableFuture<JsonObject> ack = socket.emitExpectingAck("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "hi over socket.io").put("type", "text")
                    .put("clientMessageId", clientMessageId).put("senderId", "mallory"));

            JsonObject command = awaitCommand(clientMessageId);
            assertEquals(alice, command.getString("senderId"), "the sender is the token's subject");
            assertEquals(ConversationIds.direct(alice, bob), command.getString("conversationId"));
            assertFalse(ack.isDone(), "nothing is acknowledged before message-service stored the message");

            String messageId = UUID.randomUUID().toString();
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), storedEvent(command, messageId));

            JsonObject answer = ack.get(15, TimeUnit.SECONDS);
            assertTrue(answer.getBoolean("ok"), answer.encode());
            JsonObject message = answer.getJsonObject("message");
            assertEquals(messageId, message.getString("id"));
            assertEquals("hi over socket.io", message.getString("content"));
            assertEquals(clientMessageId, message.getString("clientMessageId"));
            assertEquals(messageId, socket.awaitEvent("message_sent").getString("id"));
        }
    }

    @Test
    void aStoredMessageReachesEverySocketOfTheReceiverOverBothProtocols() throws Exception {
        try (SocketIoTestClient aliceSocket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice));
             SocketIoTestClient bobPhone = SocketIoTestClient.connect(gateway, TestTokens.forUser(bob));
             SocketIoTestClient bobTablet = SocketIoTestClient.connect(gateway, TestTokens.forUser(bob));
             TestSocket bobLaptop = TestSocket.connect(nativeWs, TestTokens.forUser(bob))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            CompletableFuture<JsonObject> ack = aliceSocket.emitExpectingAck("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "to all of bob").put("clientMessageId", clientMessageId));
            JsonObject command = awaitCommand(clientMessageId);
            String messageId = UUID.randomUUID().toString();
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), storedEvent(command, messageId));

            assertTrue(ack.get(15, TimeUnit.SECONDS).getBoolean("ok"));
            for (SocketIoTestClient device : List.of(bobPhone, bobTablet)) {
                JsonObject delivered = device.awaitEvent("new_direct_message");
                assertEquals(messageId, delivered.getString("id"));
                assertEquals(alice, delivered.getString("senderId"));
                assertEquals("to all of bob", delivered.getString("content"));
            }
            JsonObject onNative = bobLaptop.awaitEvent("new_direct_message");
            assertEquals(messageId, onNative.getString("id"));
            assertEquals(messageId, aliceSocket.awaitEvent("message_sent").getString("id"));
            assertTrue(aliceSocket.receivedEvents("new_direct_message").isEmpty(), "the sender gets message_sent only");
        }
    }

    @Test
    void invalidInputWithoutAnAckGetsAMessageErrorAndTheSocketStaysUsable() {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            socket.emit("send_direct_message", new JsonObject().put("receiverId", bob).put("content", "")
                    .put("clientMessageId", "empty-1"));
            JsonObject error = socket.awaitEvent("message_error", data -> "empty-1".equals(data.getString("clientMessageId")));
            assertEquals("validation", error.getString("code"));
            assertEquals("content must not be empty", error.getString("message"));

            socket.emit("send_direct_message", new JsonObject().put("receiverId", alice).put("content", "me")
                    .put("clientMessageId", "self-1"));
            assertEquals("receiverId must be another user", socket.awaitEvent("message_error",
                    data -> "self-1".equals(data.getString("clientMessageId"))).getString("message"));
            assertTrue(socket.isConnected());
            assertTrue(commands.received().stream().noneMatch(record -> record.value().contains("\"send_message\"")
                    && record.value().contains(alice)), "nothing invalid reaches Kafka");
        }
    }

    @Test
    void invalidInputWithAnAckGetsAFailedAckInsteadOfAMessageError() {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            JsonObject ack = socket.emitWithAck("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "x").put("type", "video"));

            assertFalse(ack.getBoolean("ok"));
            assertEquals("validation", ack.getJsonObject("error").getString("code"));
            assertTrue(ack.getJsonObject("error").getString("message").startsWith("type must be one of"));
            assertTrue(socket.receivedEvents("message_error").isEmpty());
        }
    }

    @Test
    void anUnknownEventIsAnsweredWithAValidationError() {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            JsonObject ack = socket.emitWithAck("no_such_event", new JsonObject());
            assertFalse(ack.getBoolean("ok"));
            assertEquals("unknown event: no_such_event", ack.getJsonObject("error").getString("message"));

            socket.emit("no_such_event", new JsonObject());
            JsonObject error = socket.awaitEvent("message_error");
            assertEquals("validation", error.getString("code"));
            assertEquals("unknown event: no_such_event", error.getString("message"));
        }
    }

    @Test
    void aRejectionFromMessageServiceFailsTheAckWithItsCode() throws Exception {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            CompletableFuture<JsonObject> ack = socket.emitExpectingAck("send_direct_message", new JsonObject()
                    .put("receiverId", bob).put("content", "hello").put("clientMessageId", clientMessageId));
            JsonObject command = awaitCommand(clientMessageId);
            commands.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, command.getString("conversationId"), new JsonObject()
                    .put("type", "message_rejected").put("origin", command.getJsonObject("origin"))
                    .put("senderId", alice).put("clientMessageId", clientMessageId)
                    .put("code", "internal").put("reason", "database unavailable").encode());

            JsonObject answer = ack.get(15, TimeUnit.SECONDS);
            assertFalse(answer.getBoolean("ok"));
            assertEquals("internal", answer.getJsonObject("error").getString("code"));
            assertEquals("database unavailable", answer.getJsonObject("error").getString("message"));
        }
    }

    @Test
    void aClientThatDisconnectsIsUnregistered() {
        SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice));
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionsOf(alice).size() == 1);

        socket.close(); // DISCONNECT (41), then the client closes the websocket

        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.sessionsOf(alice).isEmpty());
    }

    private JsonObject awaitCommand(String fragment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !commands.receivedContaining(fragment).isEmpty());
        ConsumerRecord<String, String> record = commands.receivedContaining(fragment).get(0);
        return new JsonObject(record.value());
    }

    static String storedEvent(JsonObject command, String messageId) {
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
