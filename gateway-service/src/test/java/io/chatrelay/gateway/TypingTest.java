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
import java.util.List;
import java.util.UUID;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Typing indicators on the gateway against the real broker (they cross gateways on {@code gateway.typing});
 * the test plays message-service on {@code gateway.deliveries} and room-service's membership API.
 * In %test, typing not refreshed for 2 s stops by itself.
 */
@QuarkusTest
class TypingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe typingEvents;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String conversationId = ConversationIds.direct(alice, bob);

    @BeforeEach
    void watchTypingEvents() {
        HealthChecks.awaitReady();
        typingEvents = KafkaProbe.watching(bootstrapServers, Topics.GATEWAY_TYPING);
    }

    @AfterEach
    void stopWatching() {
        typingEvents.close();
    }

    @Test
    void typingReachesEverySocketOfThePartnerThroughKafkaButNotTheTypistsOwn() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice, "Alice", Duration.ofHours(1))).awaitRegistered();
             TestSocket aliceLaptop = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered();
             TestSocket bobLaptop = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob).put("conversationId", conversationId), 1);
            assertTrue(alicePhone.awaitAck(1).getBoolean("ok"));

            for (TestSocket device : List.of(bobPhone, bobLaptop)) {
                JsonObject typing = device.awaitEvent("user_typing");
                assertEquals(alice, typing.getString("userId"));
                assertEquals("Alice", typing.getString("name"));
                assertEquals(bob, typing.getString("receiverId"));
                assertEquals(conversationId, typing.getString("conversationId"));
                assertFalse(typing.containsKey("roomId"));
            }
            // it went through gateway.typing, keyed by the receiver, to the partition of bob's gateway: another
            // gateway holding bob would have delivered it too
            assertEquals(bob, typingEvents.receivedContaining(alice).get(0).key());
            assertTrue(typingEvents.partitionsContaining(alice, Duration.ofSeconds(10)).contains(DELIVERY_PARTITION));

            alicePhone.send("typing_stop", new JsonObject().put("receiverId", bob), 2);
            for (TestSocket device : List.of(bobPhone, bobLaptop)) {
                assertEquals(alice, device.awaitEvent("user_stopped_typing").getString("userId"));
            }
            assertEquals(List.of(), alicePhone.receivedEvents("user_typing"));
            assertEquals(List.of(), aliceLaptop.receivedEvents("user_typing"));
            assertEquals(List.of(), aliceLaptop.receivedEvents("user_stopped_typing"));
        }
    }

    @Test
    void anIndicatorFromATypistOnAnotherGatewayReachesThePartnersSocketsHere() {
        try (TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            typingEvents.publish(Topics.GATEWAY_TYPING, DELIVERY_PARTITION, bob, new JsonObject().put("event", "user_typing")
                    .put("userId", alice).put("name", "Alice").put("receiverId", bob)
                    .put("conversationId", conversationId).encode());

            JsonObject typing = bobPhone.awaitEvent("user_typing");
            assertEquals(alice, typing.getString("userId"));
            assertEquals(conversationId, typing.getString("conversationId"));
        }
    }

    @Test
    void anIndicatorWhoseTypistsGatewayFallsSilentIsStoppedByThePartnersGateway() {
        try (TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            // a gateway that then dies: neither a refresh nor a stop ever comes
            typingEvents.publish(Topics.GATEWAY_TYPING, DELIVERY_PARTITION, bob, new JsonObject().put("event", "user_typing")
                    .put("userId", alice).put("name", "Alice").put("receiverId", bob)
                    .put("conversationId", conversationId).encode());
            bobPhone.awaitEvent("user_typing");
            Instant shown = Instant.now();

            JsonObject stopped = bobPhone.awaitEvent("user_stopped_typing");
            Duration after = Duration.between(shown, Instant.now());
            assertEquals(alice, stopped.getString("userId"));
            // %test orphan timeout: 4 s
            assertTrue(after.compareTo(Duration.ofMillis(3_500)) >= 0, "stopped after only " + after);
        }
    }

    @Test
    void repeatedTypingStartIsForwardedAboutOnceASecond() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            Instant until = Instant.now().plusMillis(1_500);
            while (Instant.now().isBefore(until)) {
                alicePhone.send("typing_start", new JsonObject().put("receiverId", bob));
                sleep(100);
            }
            alicePhone.send("typing_stop", new JsonObject().put("receiverId", bob));
            bobPhone.awaitEvent("user_stopped_typing");

            int forwarded = bobPhone.receivedEvents("user_typing").size();
            assertTrue(forwarded >= 1 && forwarded <= 2, forwarded + " user_typing for 15 typing_start in 1.5 s");
        }
    }

    @Test
    void typingThatIsNotRefreshedStopsByItself() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob));
            bobPhone.awaitEvent("user_typing");
            Instant started = Instant.now();

            JsonObject stopped = bobPhone.awaitEvent("user_stopped_typing");
            Duration after = Duration.between(started, Instant.now());
            assertEquals(alice, stopped.getString("userId"));
            assertEquals(conversationId, stopped.getString("conversationId"));
            assertTrue(after.compareTo(TIMEOUT.minusMillis(500)) >= 0, "stopped after only " + after);
            assertTrue(after.compareTo(TIMEOUT.plusSeconds(2)) <= 0, "stopped only after " + after);
            assertEquals(1, bobPhone.receivedEvents("user_stopped_typing").size());
        }
    }

    @Test
    void aStopIsForwardedOnlyForTypingThatWasOn() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            alicePhone.send("typing_stop", new JsonObject().put("receiverId", bob), 1);
            assertTrue(alicePhone.awaitAck(1).getBoolean("ok"));
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob));
            alicePhone.send("typing_stop", new JsonObject().put("receiverId", bob));
            alicePhone.send("typing_stop", new JsonObject().put("receiverId", bob), 2);
            alicePhone.awaitAck(2);
            bobPhone.awaitEvent("user_stopped_typing");

            // all keyed by bob, in order: the first stop would have arrived before the typing
            assertEquals("user_typing", bobPhone.received().stream().map(frame -> frame.getString("event"))
                    .filter(event -> event.startsWith("user_")).findFirst().orElseThrow());
            sleep(300);
            assertEquals(1, bobPhone.receivedEvents("user_stopped_typing").size());
        }
    }

    @Test
    void closingTheTypistsSocketStopsTheirTypingAtOnce() {
        try (TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob));
            bobPhone.awaitEvent("user_typing");
            Instant closed = Instant.now();
            alicePhone.close();

            bobPhone.awaitEvent("user_stopped_typing");
            assertTrue(Duration.between(closed, Instant.now()).compareTo(TIMEOUT.minusMillis(500)) < 0);
        }
    }

    @Test
    void theTypistsStoredMessageInThatConversationStopsTheirTyping() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered()) {
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob));
            bobPhone.awaitEvent("user_typing");
            Instant sent = Instant.now();
            storeMessageFrom(alice, bob);

            bobPhone.awaitEvent("user_stopped_typing");
            assertTrue(Duration.between(sent, Instant.now()).compareTo(TIMEOUT.minusMillis(500)) < 0);
            assertEquals(1, bobPhone.receivedEvents("user_stopped_typing").size());
        }
    }

    @Test
    void typingInARoomReachesTheMembersSocketsThatJoinedItAndIsRefusedElsewhere() throws Exception {
        String roomId = UUID.randomUUID().toString();
        String outsider = "outsider-" + UUID.randomUUID();
        RoomServiceStandIn.get().room(roomId, 1, List.of(alice, bob));
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered();
             TestSocket outsiderPhone = TestSocket.connect(ws, TestTokens.forUser(outsider)).awaitRegistered()) {
            bobPhone.send("join_room", new JsonObject().put("roomId", roomId), 1);
            assertTrue(bobPhone.awaitAck(1).getBoolean("ok"));
            alicePhone.send("join_room", new JsonObject().put("roomId", roomId), 1);
            alicePhone.awaitAck(1);

            alicePhone.send("typing_start", new JsonObject().put("roomId", roomId), 2);
            assertTrue(alicePhone.awaitAck(2).getBoolean("ok"));
            JsonObject typing = bobPhone.awaitEvent("user_typing");
            assertEquals(roomId, typing.getString("roomId"));
            assertEquals(ConversationIds.room(roomId), typing.getString("conversationId"));
            assertFalse(typing.containsKey("receiverId"));

            outsiderPhone.send("typing_start", new JsonObject().put("roomId", roomId), 3);
            outsiderPhone.send("typing_start", new JsonObject().put("roomId", UUID.randomUUID().toString()), 4);
            assertEquals("forbidden", outsiderPhone.awaitAck(3).getJsonObject("error").getString("code"));
            assertEquals("not_found", outsiderPhone.awaitAck(4).getJsonObject("error").getString("code"));
            assertEquals(List.of(), alicePhone.receivedEvents("user_typing"));
        }
    }

    @Test
    void badTypingInputIsAValidationError() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered()) {
            alicePhone.send("typing_start", new JsonObject(), 1);
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob).put("roomId", "r1"), 2);
            alicePhone.send("typing_start", new JsonObject().put("receiverId", alice), 3);
            alicePhone.send("typing_stop", new JsonObject().put("receiverId", 42), 4);
            alicePhone.send("typing_start", new JsonObject().put("receiverId", bob).put("conversationId", "d-other"), 5);
            alicePhone.send("typing_start", new JsonObject().put("receiverId", ""));

            assertEquals("exactly one of receiverId and roomId is required", error(alicePhone, 1).getString("message"));
            assertEquals("validation", error(alicePhone, 2).getString("code"));
            assertEquals("receiverId must be another user", error(alicePhone, 3).getString("message"));
            assertEquals("receiverId must be a string", error(alicePhone, 4).getString("message"));
            assertEquals("validation", error(alicePhone, 5).getString("code"));
            assertEquals("validation", alicePhone.awaitEvent("message_error").getString("code"));
        }
    }

    private void storeMessageFrom(String senderId, String receiverId) {
        JsonObject message = new JsonObject().put("id", UUID.randomUUID().toString()).put("conversationId", conversationId)
                .put("senderId", senderId).put("receiverId", receiverId).put("content", "hi").put("type", "text")
                .put("seq", 1).put("status", "sent").put("createdAt", Instant.now().toString());
        typingEvents.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, new JsonObject().put("type", "message_stored")
                .put("message", message).put("duplicate", false).encode());
    }

    private static JsonObject error(TestSocket socket, long ack) {
        JsonObject reply = socket.awaitAck(ack);
        assertFalse(reply.getBoolean("ok"));
        return reply.getJsonObject("error");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
