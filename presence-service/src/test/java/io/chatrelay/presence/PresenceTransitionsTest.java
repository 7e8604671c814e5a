package io.chatrelay.presence;

import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * presence-service on its own against the real Redis and broker: the test plays the gateways on
 * {@code presence.commands} (and message-service on {@code message.events}) and reads {@code presence.events}.
 */
@QuarkusTest
class PresenceTransitionsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ContactBook contacts;

    private GatewayPlayer gateway;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();

    @BeforeEach
    void playAGateway() {
        gateway = new GatewayPlayer(bootstrapServers);
        gateway.heartbeat(60_000);
    }

    @AfterEach
    void stopPlaying() {
        gateway.stop();
        gateway.close();
    }

    @Test
    void aSecondDeviceChangesNothingVisibleAndTheLastOneToCloseMakesTheUserOffline() {
        becomeContacts(alice, bob);
        String phone = gateway.open(bob);
        JsonObject online = gateway.awaitChange(bob, "online");
        assertEquals(List.of(alice), online.getJsonArray("audience").getList());
        assertFalse(online.containsKey("lastSeen"));

        String laptop = gateway.open(bob);
        gateway.close(phone, bob);
        gateway.close(laptop, bob);

        JsonObject offline = gateway.awaitChange(bob, "offline");
        assertEquals(List.of(alice), offline.getJsonArray("audience").getList());
        Instant lastSeen = Instant.parse(offline.getString("lastSeen"));
        assertTrue(lastSeen.isAfter(Instant.now().minusSeconds(30)), lastSeen.toString());
        // one user's records share a partition: nothing was published in between
        assertEquals(List.of("online", "offline"), statuses(gateway.changesOf(bob)));

        given().auth().oauth2(TestTokens.forUser(alice)).queryParam("userIds", bob)
                .get("/api/presence")
                .then().statusCode(200)
                .body("[0].userId", equalTo(bob))
                .body("[0].status", equalTo("offline"))
                .body("[0].lastSeen", equalTo(offline.getString("lastSeen")));
    }

    @Test
    void aBurstOfManyUsersRecordsIsAppliedInEachUsersOrder() {
        // more users than the consumer applies side by side, each opening, closing and opening again at once
        List<String> users = IntStream.range(0, 3 * 32)
                .mapToObj(i -> "burst-" + i + "-" + UUID.randomUUID()).toList();
        for (String user : users) {
            String first = gateway.open(user);
            gateway.close(first, user);
            gateway.open(user);
        }

        await().atMost(GatewayPlayer.WAIT)
                .until(() -> users.stream().allMatch(user -> gateway.changesOf(user).size() >= 3));
        for (String user : users) {
            assertEquals(List.of("online", "offline", "online"), statuses(gateway.changesOf(user)), user);
        }
        given().auth().oauth2(TestTokens.forUser(alice)).queryParam("userIds", users.get(users.size() - 1))
                .get("/api/presence")
                .then().statusCode(200)
                .body("[0].status", equalTo("online"));
    }

    @Test
    void aCloseAnnouncedAfterTheGatewaysGraceMakesTheTimeItHappenedTheLastSeen() {
        String phone = gateway.open(bob);
        gateway.awaitChange(bob, "online");
        Instant closedAt = Instant.parse("2026-11-26T16:00:00.123Z");
        Instant inTheFuture = Instant.now().plusSeconds(3600);
        String tablet = gateway.open(carol);
        gateway.awaitChange(carol, "online");

        gateway.close(phone, bob, closedAt);
        gateway.close(tablet, carol, inTheFuture);

        assertEquals(closedAt.toString(), gateway.awaitChange(bob, "offline").getString("lastSeen"));
        Instant carolLastSeen = Instant.parse(gateway.awaitChange(carol, "offline").getString("lastSeen"));
        assertTrue(carolLastSeen.isBefore(inTheFuture), "a last seen in the future: " + carolLastSeen);
    }

    @Test
    void aReplayedSessionRecordChangesNothing() {
        String phone = gateway.open(bob);
        gateway.open(phone, bob);
        gateway.close(phone, bob);
        gateway.close(phone, bob);
        gateway.open(gateway.open(carol), carol); // a later record on another key, to wait for

        gateway.awaitChange(bob, "offline");
        gateway.awaitChange(carol, "online");
        assertEquals(List.of("online", "offline"), statuses(gateway.changesOf(bob)));
    }

    @Test
    void presenceChangesAreAddressedOnlyToTheUsersContacts() {
        becomeContacts(alice, bob);
        becomeContacts(carol, alice);
        gateway.open(bob);

        JsonObject online = gateway.awaitChange(bob, "online");
        assertEquals(List.of(alice), online.getJsonArray("audience").getList());
    }

    @Test
    void aGatewayWhoseHeartbeatStopsTakesItsUsersOfflineWithinItsTtl() {
        try (GatewayPlayer dying = new GatewayPlayer(bootstrapServers)) {
            dying.heartbeat(1_000);
            Instant lastHeartbeat = Instant.now();
            dying.open(bob);
            dying.open(bob);
            dying.open(carol);
            dying.awaitChange(bob, "online");
            dying.awaitChange(carol, "online");

            JsonObject bobOffline = dying.awaitChange(bob, "offline");
            JsonObject carolOffline = dying.awaitChange(carol, "offline");
            Duration took = Duration.between(lastHeartbeat, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "offline after " + took);
            // last seen is the gateway's last heartbeat, not the moment it was noticed dead
            Instant lastSeen = Instant.parse(bobOffline.getString("lastSeen"));
            assertTrue(!lastSeen.isAfter(lastHeartbeat.plusSeconds(1)), lastSeen + " vs " + lastHeartbeat);
            assertEquals(bobOffline.getString("lastSeen"), carolOffline.getString("lastSeen"));
            assertEquals(List.of("online", "offline"), statuses(dying.changesOf(bob)));
        }
    }

    @Test
    void aGatewayThatKeepsHeartbeatingKeepsItsUsersOnline() {
        try (GatewayPlayer alive = new GatewayPlayer(bootstrapServers)) {
            alive.heartbeat(1_000);
            alive.open(bob);
            alive.awaitChange(bob, "online");
            Instant until = Instant.now().plusMillis(2_500);
            while (Instant.now().isBefore(until)) {
                alive.heartbeat(1_000);
                sleep(300);
            }
            assertEquals(List.of("online"), statuses(alive.changesOf(bob)));
            alive.stop();
            alive.awaitChange(bob, "offline");
        }
    }

    @Test
    void aGatewayThatStopsCleanlyTakesItsUsersOfflineAtOnce() {
        gateway.open(bob);
        gateway.awaitChange(bob, "online");
        Instant stopped = Instant.now();
        gateway.stop();
        gateway.awaitChange(bob, "offline");
        assertTrue(Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0);
    }

    @Test
    void aHeartbeatFromAGatewayWhoseSessionsRedisLacksAsksItToAnnounceThemAgain() {
        // @BeforeEach sent the first heartbeat of this new gateway
        await().atMost(GatewayPlayer.WAIT).until(() -> gateway.resyncRequests().size() == 1);
        gateway.heartbeat(60_000);
        // dropped (here: stopped), so presence-service no longer holds its sessions: the next heartbeat asks again
        gateway.stop();
        gateway.heartbeat(60_000);
        await().atMost(GatewayPlayer.WAIT).until(() -> gateway.resyncRequests().size() >= 2);
        // heartbeats and requests of one gateway share a partition: the second heartbeat asked nothing
        assertEquals(2, gateway.resyncRequests().size());
    }

    private void becomeContacts(String one, String other) {
        gateway.becomeContacts(contacts, one, other);
    }

    private static List<String> statuses(List<JsonObject> changes) {
        return changes.stream().map(change -> change.getString("status")).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
