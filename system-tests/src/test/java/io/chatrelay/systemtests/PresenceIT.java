package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence and typing through the real architecture: gateways announce sockets and heartbeats on Kafka,
 * presence-service keeps them in Redis and publishes changes, every gateway tells the sockets of the audience.
 */
class PresenceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int EXTRA_GATEWAY_PORT = Integer.getInteger("system.extra-gateway.port", 18090);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningSuite suite;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();

    @BeforeAll
    static void startSuite() {
        suite = RunningSuite.shared();
    }

    @Test
    void contactsSeeAUserComeOnlineOnceAndGoOfflineWhenTheLastDeviceCloses() throws Exception {
        try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice));
             TestSocket carolSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(carol))) {
            becomeContacts(aliceSocket, alice, bob);

            TestSocket bobPhone = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(bob));
            assertEquals(bob, aliceSocket.awaitEvent("user_online").getString("userId"));
            JsonObject online = aliceSocket.awaitEvent("user_status_change");
            assertEquals("online", online.getString("status"));
            assertEquals("online", presence(alice, bob).getString("status"));

            // the laptop counts before the phone closes
            TestSocket bobLaptop = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(bob)).awaitRegistered();
            bobPhone.close();
            Instant lastDeviceClosed = Instant.now();
            bobLaptop.close();

            JsonObject offline = aliceSocket.awaitEvent("user_offline");
            assertEquals(bob, offline.getString("userId"));
            Instant lastSeen = Instant.parse(offline.getString("lastSeen"));
            assertTrue(!lastSeen.isBefore(lastDeviceClosed.minusSeconds(2)), lastSeen + " vs " + lastDeviceClosed);
            JsonObject offlineChange = aliceSocket.awaitEvent("user_status_change", data -> "offline".equals(data.getString("status")));
            assertEquals(offline.getString("lastSeen"), offlineChange.getString("lastSeen"));

            // one user's changes are ordered: the second device opening or the first closing showed nothing
            assertEquals(1, aliceSocket.receivedEvents("user_online").size());
            assertEquals(1, aliceSocket.receivedEvents("user_offline").size());
            assertEquals(2, aliceSocket.receivedEvents("user_status_change").size());
            assertEquals(List.of(), carolSocket.receivedEvents("user_online"));
            assertEquals(List.of(), carolSocket.receivedEvents("user_offline"));
            assertEquals(List.of(), carolSocket.receivedEvents("user_status_change"));

            JsonObject answered = presence(alice, bob);
            assertEquals("offline", answered.getString("status"));
            assertEquals(offline.getString("lastSeen"), answered.getString("lastSeen"));
        }
    }

    @Test
    void aGatewayKilledWithoutGoodbyeTakesItsUsersOfflineWithinItsTtlAndTheirTypingStops() throws Exception {
        ServiceProcess extraGateway = ServiceProcess.start("gateway-service", EXTRA_GATEWAY_PORT, List.of(
                "-Dgateway.presence.heartbeat-interval=500ms", "-Dgateway.presence.ttl=3s"));
        try {
            extraGateway.awaitReady(Duration.ofSeconds(90));
            URI extraWs = URI.create("ws://localhost:" + EXTRA_GATEWAY_PORT + "/ws");
            try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice))) {
                becomeContacts(aliceSocket, alice, bob);
                TestSocket bobSocket = TestSocket.connect(extraWs, TestTokens.forUser(bob, "Bob", Duration.ofHours(1)));
                assertEquals(bob, aliceSocket.awaitEvent("user_online").getString("userId"));

                // typing crosses gateways
                bobSocket.send("typing_start", new JsonObject().put("receiverId", alice), 1);
                assertTrue(bobSocket.awaitAck(1).getBoolean("ok"));
                JsonObject typing = aliceSocket.awaitEvent("user_typing");
                assertEquals(bob, typing.getString("userId"));
                assertEquals("Bob", typing.getString("name"));

                extraGateway.kill();
                Instant killed = Instant.now();

                JsonObject offline = aliceSocket.awaitEvent("user_offline");
                Duration took = Duration.between(killed, Instant.now());
                assertEquals(bob, offline.getString("userId"));
                // TTL 3 s + one sweep (2 s) + delivery
                assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "offline only after " + took);
                assertFalse(Instant.parse(offline.getString("lastSeen")).isAfter(killed), "last seen after the kill");
                // nobody is left to stop bob's typing but alice's gateway itself
                assertEquals(bob, aliceSocket.awaitEvent("user_stopped_typing").getString("userId"));
                bobSocket.close();
            }
        } finally {
            extraGateway.close();
        }
    }

    @Test
    void afterRedisLostItsDataPresenceIsRebuiltFromTheLiveSessions() throws Exception {
        try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice));
             TestSocket bobSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(bob))) {
            becomeContacts(aliceSocket, alice, bob);
            await().atMost(WAIT).until(() -> "online".equals(presence(alice, bob).getString("status")));
            String epoch = RedisCli.run("GET", "presence:epoch");
            assertFalse(epoch.isBlank());

            try {
                RedisCli.run("SHUTDOWN", "NOSAVE");
            } finally {
                startInfrastructure();
            }
            // within a heartbeat interval the gateway is asked to announce its sockets again
            await().atMost(WAIT).until(() -> "online".equals(presence(alice, bob).getString("status")));
            assertNotEquals(epoch, RedisCli.run("GET", "presence:epoch"));
            // and contacts come back from message.events: bob leaving still reaches alice
            await().atMost(WAIT).until(() -> "1".equals(RedisCli.run("SISMEMBER", "presence:user:" + bob + ":contacts", alice)));
            bobSocket.close();
            assertEquals(bob, aliceSocket.awaitEvent("user_offline").getString("userId"));
        } finally {
            startInfrastructure();
        }
    }

    /** A direct message makes two users contacts; presence-service learns it from message.events. */
    static void becomeContacts(TestSocket sender, String senderId, String receiverId) {
        sender.send("send_direct_message", new JsonObject().put("receiverId", receiverId).put("content", "hi"), 99);
        assertTrue(sender.awaitAck(99).getBoolean("ok"));
        await().atMost(WAIT).until(() -> "1".equals(RedisCli.run("SISMEMBER", "presence:user:" + receiverId + ":contacts",
                senderId)));
    }

    /** {@code GET /api/presence} through the gateway, as an app does. */
    private static JsonObject presence(String asUser, String userId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RunningSuite.GATEWAY_PORT
                        + "/api/presence?userIds=" + userId))
                .header("Authorization", "Bearer " + TestTokens.forUser(asUser))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new io.vertx.core.json.JsonArray(response.body()).getJsonObject(0);
    }

    /** Idempotent: starts whatever of PostgreSQL, Redis and Kafka is down. */
    private static void startInfrastructure() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", ServiceProcess.repoRoot().resolve("deploy/local/infra.sh").toString(), "up")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "infra.sh up did not finish");
        assertEquals(0, process.exitValue(), "infra.sh up failed");
    }
}
