package io.chatrelay.presence;

import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis restarts empty: presence comes back from the live sessions (the gateway is asked to re-announce them
 * on its next heartbeat), contacts come back from {@code message.events} and room rosters from
 * {@code room.events}; a change is announced only once they are back, so it reaches the same users as before.
 */
@QuarkusTest
class PresenceRecoveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ContactBook contacts;

    @Inject
    RoomRosters rosters;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();
    private final String room = "room-" + UUID.randomUUID();

    @Test
    void afterRedisLostItsDataPresenceIsRebuiltFromTheSessionsGatewaysAnnounceAgain() throws Exception {
        try (GatewayPlayer gateway = new GatewayPlayer(bootstrapServers)) {
            gateway.heartbeat(60_000);
            await().atMost(GatewayPlayer.WAIT).until(() -> gateway.resyncRequests().size() == 1);
            gateway.becomeContacts(contacts, alice, bob);
            gateway.roomCreated(room, bob, carol);
            GatewayPlayer.awaitCoMembers(rosters, bob, carol);
            String bobPhone = gateway.open(bob);
            gateway.open(alice);
            assertEquals(List.of(alice, carol), gateway.awaitChange(bob, "online").getJsonArray("audience").getList());
            gateway.awaitChange(alice, "online");

            try {
                redisCli("shutdown", "nosave");
            } finally {
                startRedis();
            }
            GatewayPlayer.awaitReady();
            await().atMost(GatewayPlayer.WAIT).until(() -> presenceOf(bob).equals("offline"));

            // the gateway's next heartbeat: presence-service no longer holds its sessions and asks for them
            await().atMost(GatewayPlayer.WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                gateway.heartbeat(60_000);
                return gateway.resyncRequests().size() == 2;
            });
            gateway.open(bobPhone, bob);

            await().atMost(GatewayPlayer.WAIT).until(() -> presenceOf(bob).equals("online"));
            // contacts and rosters were replayed from Kafka before the change went out: it reaches alice and carol
            await().atMost(GatewayPlayer.WAIT).until(() -> gateway.changesOf(bob).size() == 2);
            JsonObject again = gateway.changesOf(bob).get(1);
            assertEquals("online", again.getString("status"));
            assertEquals(List.of(alice, carol), again.getJsonArray("audience").getList());
            gateway.stop();
        } finally {
            startRedis();
        }
    }

    private static String presenceOf(String userId) {
        return given().auth().oauth2(TestTokens.forUser("reader")).queryParam("userIds", userId)
                .get("/api/presence")
                .then().statusCode(200).body("[0].userId", equalTo(userId))
                .extract().path("[0].status");
    }

    /** Idempotent: starts Redis again if it is down (deploy/local/infra.sh up). */
    static void startRedis() throws IOException, InterruptedException {
        Path infra = repoRoot().resolve("deploy/local/infra.sh");
        Process process = new ProcessBuilder("bash", infra.toString(), "up").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "infra.sh up did not finish");
        assertEquals(0, process.exitValue(), "infra.sh up failed");
    }

    static void redisCli(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p",
                System.getProperty("redis.port", "6379")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "redis-cli did not finish");
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/local/infra.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local/infra.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
