package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence on the gateway against the real broker: the test plays presence-service by reading
 * {@code presence.commands} and publishing on this gateway's partition of {@code gateway.presence}.
 */
@QuarkusTest
class PresenceGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "gateway.instance-id")
    String gatewayId;

    private KafkaProbe kafka;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();

    @BeforeEach
    void watchPresenceCommands() {
        HealthChecks.awaitReady();
        kafka = KafkaProbe.watching(bootstrapServers, Topics.PRESENCE_COMMANDS);
    }

    @AfterEach
    void stopWatching() {
        kafka.close();
    }

    @Test
    void eachSocketOpeningAndClosingIsAnnouncedKeyedByItsUser() {
        String sessionId;
        try (TestSocket ignored = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            ConsumerRecord<String, String> opened = awaitCommand("session_opened", alice);
            assertEquals(alice, opened.key());
            JsonObject command = new JsonObject(opened.value());
            assertEquals(gatewayId, command.getString("gatewayId"));
            sessionId = command.getString("sessionId");
        }
        ConsumerRecord<String, String> closed = awaitCommand("session_closed", alice);
        assertEquals(alice, closed.key());
        assertEquals(sessionId, new JsonObject(closed.value()).getString("sessionId"));
    }

    @Test
    void theGatewayHeartbeatsOncePerIntervalWhateverItsNumberOfSockets() {
        try (TestSocket one = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket two = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket three = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            awaitCommand("session_opened", bob);
            Instant from = Instant.now();
            await().atMost(WAIT).until(() -> heartbeats().size() >= 4);
            Duration window = Duration.between(from, Instant.now());

            List<JsonObject> heartbeats = heartbeats();
            heartbeats.forEach(heartbeat -> assertEquals(3_000, heartbeat.getLong("ttlMillis")));
            assertTrue(heartbeats.get(heartbeats.size() - 1).getInteger("sessions") >= 3);
            // %test: one every 500 ms; not one per socket
            long expectedAtMost = window.toMillis() / 500 + 2;
            assertTrue(heartbeats.size() <= expectedAtMost, heartbeats.size() + " heartbeats in " + window);
            kafka.received().stream().filter(record -> record.value().contains("gateway_heartbeat"))
                    .forEach(record -> assertEquals(new JsonObject(record.value()).getString("gatewayId"), record.key()));
        }
    }

    @Test
    void aResyncRequestMakesThisGatewayAnnounceEveryOpenSocketAgain() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket aliceLaptop = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            await().atMost(WAIT).until(() -> openedSessions(alice).size() == 2 && openedSessions(bob).size() == 1);
            Set<String> sessions = Set.of(openedSessions(alice).get(0), openedSessions(alice).get(1),
                    openedSessions(bob).get(0));

            // a request for another gateway, then (same partition, so after it) a change this gateway delivers
            kafka.publish(Topics.GATEWAY_PRESENCE, DELIVERY_PARTITION, gatewayId, new JsonObject()
                    .put("type", "presence_resync_requested").put("gatewayId", "another-gateway").encode());
            publishChange(gatewayId, new JsonObject().put("userId", carol).put("status", "online")
                    .put("audience", new JsonArray().add(bob)));
            bobPhone.awaitEvent("user_online");
            sleep(500);
            assertEquals(2, openedSessions(alice).size());
            assertEquals(1, openedSessions(bob).size());

            kafka.publish(Topics.GATEWAY_PRESENCE, DELIVERY_PARTITION, gatewayId, new JsonObject()
                    .put("type", "presence_resync_requested").put("gatewayId", gatewayId).encode());

            await().atMost(WAIT).until(() -> openedSessions(alice).size() == 4 && openedSessions(bob).size() == 2);
            Set<String> announcedAgain = new HashSet<>(openedSessions(alice));
            announcedAgain.addAll(openedSessions(bob));
            assertEquals(sessions, announcedAgain);
        }
    }

    @Test
    void aPresenceChangeReachesEverySocketOfItsAudienceAndNobodyElse() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket aliceLaptop = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            String lastSeen = "2026-11-25T20:11:50.123Z";
            publishChange(new JsonObject().put("userId", carol).put("status", "offline").put("lastSeen", lastSeen)
                    .put("audience", new JsonArray().add(alice)));
            // same partition, so it comes after the first: once bob has it, he would have had the first too
            publishChange(new JsonObject().put("userId", carol).put("status", "online")
                    .put("audience", new JsonArray().add(bob).add(alice)));

            for (TestSocket device : List.of(alicePhone, aliceLaptop)) {
                JsonObject offline = device.awaitEvent("user_offline");
                assertEquals(carol, offline.getString("userId"));
                assertEquals(lastSeen, offline.getString("lastSeen"));
                JsonObject change = device.awaitEvent("user_status_change", data -> "offline".equals(data.getString("status")));
                assertEquals(carol, change.getString("userId"));
                assertEquals(lastSeen, change.getString("lastSeen"));
                assertEquals(carol, device.awaitEvent("user_online").getString("userId"));
            }
            JsonObject bobsChange = bobPhone.awaitEvent("user_status_change");
            assertEquals("online", bobsChange.getString("status"));
            assertFalse(bobsChange.containsKey("lastSeen"));
            assertEquals(carol, bobPhone.awaitEvent("user_online").getString("userId"));
            assertEquals(List.of(), bobPhone.receivedEvents("user_offline"));
            assertEquals(1, bobPhone.receivedEvents("user_status_change").size());
        }
    }

    @Test
    void aChangeNamingARoomReachesItsMembersHereOnceEachButNotTheUserWhoseChangeItIs() throws Exception {
        String room = UUID.randomUUID().toString();
        String unknownRoom = UUID.randomUUID().toString();
        String dave = "dave-" + UUID.randomUUID();
        RoomServiceStandIn.get().room(room, 1, List.of(alice, bob, carol));
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob));
             TestSocket carolPhone = TestSocket.connect(ws, TestTokens.forUser(carol));
             TestSocket davePhone = TestSocket.connect(ws, TestTokens.forUser(dave))) {
            publishChange(new JsonObject().put("userId", carol).put("status", "online")
                    .put("audience", new JsonArray().add(alice))
                    .put("audienceRooms", new JsonArray().add(unknownRoom).add(room)));
            // same partition, so it comes after the first: once dave has it, he would have had the first too
            String erin = "erin-" + UUID.randomUUID();
            publishChange(new JsonObject().put("userId", erin).put("status", "online")
                    .put("audience", new JsonArray().add(dave).add(carol).add(alice)));

            assertEquals(carol, bobPhone.awaitEvent("user_online").getString("userId"));
            for (TestSocket phone : List.of(alicePhone, carolPhone, davePhone)) {
                phone.awaitEvent("user_online", data -> erin.equals(data.getString("userId")));
            }
            assertEquals(List.of(carol, erin), onlineUsersSeenBy(alicePhone));
            assertEquals(List.of(erin), onlineUsersSeenBy(carolPhone));
            assertEquals(List.of(erin), onlineUsersSeenBy(davePhone));
        }
    }

    @Test
    void aBurstOfChangesReachesEachSocketWholeAndInOrderPastAnUnreadableRecord() {
        try (TestSocket alicePhone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(ws, TestTokens.forUser(bob))) {
            List<String> crowd = IntStream.range(0, 200).mapToObj(i -> "crowd-" + i + "-" + UUID.randomUUID()).toList();
            List<Map.Entry<String, String>> records = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (String user : crowd) {
                if (records.size() == 100) {
                    records.add(Map.entry("unreadable", "{not json"));
                }
                JsonObject change = new JsonObject().put("type", "presence_changed").put("userId", user)
                        .put("status", "online").put("changedAt", Instant.now().toString())
                        .put("audience", new JsonArray().add(alice));
                records.add(Map.entry(user, change.encode()));
                expected.add("user_online " + user);
                expected.add("user_status_change " + user);
            }
            kafka.publishAll(Topics.GATEWAY_PRESENCE, DELIVERY_PARTITION, records);

            await().atMost(WAIT).until(() -> alicePhone.receivedEvents("user_status_change").size() == crowd.size());
            List<String> seen = alicePhone.received().stream()
                    .filter(frame -> frame.getString("event", "").startsWith("user_"))
                    .map(frame -> frame.getString("event") + " " + frame.getJsonObject("data").getString("userId"))
                    .toList();
            assertEquals(expected, seen);
            assertEquals(List.of(), bobPhone.receivedEvents("user_online"));
        }
    }

    private static List<String> onlineUsersSeenBy(TestSocket socket) {
        return socket.receivedEvents("user_online").stream()
                .map(frame -> frame.getJsonObject("data").getString("userId")).toList();
    }

    private void publishChange(JsonObject change) {
        publishChange(change.getString("userId"), change);
    }

    private void publishChange(String key, JsonObject change) {
        change.put("type", "presence_changed").put("changedAt", Instant.now().toString());
        kafka.publish(Topics.GATEWAY_PRESENCE, DELIVERY_PARTITION, key, change.encode());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<JsonObject> heartbeats() {
        return kafka.received().stream()
                .map(record -> new JsonObject(record.value()))
                .filter(command -> "gateway_heartbeat".equals(command.getString("type")))
                .filter(command -> gatewayId.equals(command.getString("gatewayId")))
                .toList();
    }

    private List<String> openedSessions(String userId) {
        return commands(kafka, "session_opened", userId).stream().map(command -> command.getString("sessionId")).toList();
    }

    /** The session records of one type for one user this gateway published, in order. */
    static List<JsonObject> commands(KafkaProbe kafka, String type, String userId) {
        return kafka.received().stream()
                .map(record -> new JsonObject(record.value()))
                .filter(command -> type.equals(command.getString("type")) && userId.equals(command.getString("userId")))
                .toList();
    }

    private ConsumerRecord<String, String> awaitCommand(String type, String userId) {
        await().atMost(WAIT).until(() -> findCommand(type, userId) != null);
        return findCommand(type, userId);
    }

    private ConsumerRecord<String, String> findCommand(String type, String userId) {
        return kafka.received().stream()
                .filter(record -> {
                    JsonObject command = new JsonObject(record.value());
                    return type.equals(command.getString("type")) && userId.equals(command.getString("userId"));
                })
                .findFirst().orElse(null);
    }
}
