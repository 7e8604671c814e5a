package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.RawWebSocket;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
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
import java.util.stream.LongStream;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code resume}: replayed messages come before live ones, each once, on /ws and on Socket.IO. The test plays
 * message-service: its replay API ({@link MessageServiceReplayStandIn}, answering when the test says) and its
 * message events on the real broker.
 */
@QuarkusTest
class ResumeRecoveryTest {

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI gateway;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe kafka;
    private MessageServiceReplayStandIn messageService;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String conversationId = ConversationIds.direct(alice, bob);

    @BeforeEach
    void setUp() throws Exception {
        HealthChecks.awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
        messageService = MessageServiceReplayStandIn.get();
    }

    @AfterEach
    void tearDown() {
        kafka.close();
        messageService.answer.complete(null);
    }

    @Test
    void replayedMessagesComeBeforeALiveMessagePublishedDuringTheReplay() {
        try (TestSocket otherDevice = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket resuming = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            resuming.send("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 3)), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !messageService.requests.isEmpty());
            JsonObject asked = messageService.requests.peek();
            assertEquals(bob, asked.getString("userId"));
            assertEquals(3, asked.getJsonObject("conversations").getInteger(conversationId));

            JsonObject live = message(9);
            publish(live);
            otherDevice.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            messageService.answer.complete(replay(4, 8).put("cursors", new JsonArray().add(new JsonObject()
                    .put("conversationId", conversationId).put("userId", alice).put("deliveredSeq", 0)
                    .put("readSeq", 0))));

            JsonObject ack = resuming.awaitAck(1);
            assertTrue(ack.getBoolean("ok"), ack.encode());
            assertEquals(5, ack.getInteger("replayed"));
            assertFalse(ack.getBoolean("truncated"));
            resuming.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), seqs(resuming));
            assertTrue(resuming.receivedEvents("messages_read").isEmpty(), "alice's cursors are not beyond 3");
        }
    }

    @Test
    void aLiveMessageBeforeTheResumeFrameWaitsWhenTheUpgradeAnnouncedTheResume() {
        try (TestSocket otherDevice = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket resuming = TestSocket.connectResuming(ws, TestTokens.forUser(bob))) {
            publish(message(9));
            otherDevice.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            resuming.send("no_such_event", new JsonObject(), 50); // acked at once: seq 9 would have come before it
            resuming.awaitAck(50);
            assertTrue(resuming.receivedEvents("new_direct_message").isEmpty(), "seq 9 waits for the resume");

            resuming.send("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 3)), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !messageService.requests.isEmpty());
            messageService.answer.complete(replay(4, 8));

            assertEquals(5, resuming.awaitAck(1).getInteger("replayed"));
            resuming.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), seqs(resuming));
        }
    }

    @Test
    void anAnnouncedResumeThatNeverComesReleasesLiveEventsAfterTheResumeTimeout() {
        try (TestSocket resuming = TestSocket.connectResuming(ws, TestTokens.forUser(bob))) {
            publish(message(4));
            resuming.awaitEvent("new_direct_message", data -> data.getLong("seq") == 4);
        }
    }

    @Test
    void aLiveMessageAlsoInTheReplayIsSeenOnceInOrder() {
        try (TestSocket otherDevice = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket resuming = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            resuming.send("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 3)), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !messageService.requests.isEmpty());
            JsonObject replay = replay(4, 8);
            publish(replay.getJsonArray("messages").getJsonObject(4));
            otherDevice.awaitEvent("new_direct_message", data -> data.getLong("seq") == 8);
            messageService.answer.complete(replay.put("cursors", new JsonArray().add(new JsonObject()
                    .put("conversationId", conversationId).put("userId", alice).put("deliveredSeq", 6)
                    .put("deliveredAt", Instant.now().toString()).put("readSeq", 5)
                    .put("readAt", Instant.now().toString()))));

            assertEquals(4, resuming.awaitAck(1).getInteger("replayed"), "seq 8 came live instead");
            JsonObject live = message(9);
            publish(live);
            resuming.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), seqs(resuming));
            JsonObject read = resuming.awaitEvent("messages_read");
            assertEquals(5, read.getLong("upToSeq"));
            assertEquals(alice, read.getString("userId"));
            assertEquals(6, resuming.awaitEvent("messages_delivered").getLong("upToSeq"));
        }
    }

    @Test
    void whenMessageServiceFailsTheResumeIsInternalAndLiveEventsStillArrive() {
        try (TestSocket otherDevice = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket resuming = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            resuming.send("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 3)), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !messageService.requests.isEmpty());
            publish(message(4));
            otherDevice.awaitEvent("new_direct_message", data -> data.getLong("seq") == 4);
            messageService.answer.complete(null);

            JsonObject ack = resuming.awaitAck(1);
            assertEquals("internal", ack.getJsonObject("error").getString("code"), ack.encode());
            resuming.awaitEvent("new_direct_message", data -> data.getLong("seq") == 4);
        }
    }

    @Test
    void badPositionsAreRefused() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            socket.send("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, -1)), 1);
            socket.send("resume", new JsonObject().put("since", "yesterday"), 2);
            assertEquals("validation", socket.awaitAck(1).getJsonObject("error").getString("code"));
            assertEquals("validation", socket.awaitAck(2).getJsonObject("error").getString("code"));
        }
    }

    @Test
    void socketIoClientsResumeInTheirConnectAuth() {
        try (TestSocket otherDevice = TestSocket.connect(ws, TestTokens.forUser(bob));
             RawWebSocket socket = RawWebSocket.connect(gateway, "/socket.io/?EIO=4&transport=websocket")) {
            socket.awaitFrame(frame -> frame.startsWith("0{"));
            socket.send("40" + new JsonObject().put("token", TestTokens.forUser(bob))
                    .put("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 3))
                            .put("since", "2026-01-01T00:00:00Z")).encode());
            socket.awaitFrame(frame -> frame.startsWith("40{"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !messageService.requests.isEmpty());
            assertEquals("2026-01-01T00:00:00Z", messageService.requests.peek().getString("since"));

            publish(message(9));
            otherDevice.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
            messageService.answer.complete(replay(4, 8));

            socket.awaitFrame(frame -> frame.startsWith("42[\"new_direct_message\"") && frame.contains("\"seq\":9"));
            List<Long> seqs = socket.received().stream()
                    .filter(frame -> frame.startsWith("42[\"new_direct_message\""))
                    .map(frame -> new JsonArray(frame.substring(2)).getJsonObject(1).getLong("seq"))
                    .toList();
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), seqs);
        }
    }

    private static List<Long> seqs(TestSocket socket) {
        return socket.receivedEvents("new_direct_message").stream()
                .map(frame -> frame.getJsonObject("data").getLong("seq")).toList();
    }

    private JsonObject replay(long from, long to) {
        JsonArray messages = new JsonArray();
        LongStream.rangeClosed(from, to).forEach(seq -> messages.add(message(seq)));
        return new JsonObject().put("messages", messages).put("truncated", false).put("cursors", new JsonArray());
    }

    private JsonObject message(long seq) {
        return new JsonObject().put("id", UUID.nameUUIDFromBytes((conversationId + seq).getBytes()).toString())
                .put("conversationId", conversationId).put("senderId", alice).put("receiverId", bob)
                .put("content", "m" + seq).put("type", "text").put("seq", seq).put("status", "sent")
                .put("createdAt", Instant.now().toString());
    }

    private void publish(JsonObject message) {
        kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, new JsonObject().put("type", "message_stored")
                .put("message", message).put("duplicate", false).encode());
    }
}
