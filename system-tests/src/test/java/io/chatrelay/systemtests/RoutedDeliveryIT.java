package io.chatrelay.systemtests;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routed delivery through the real services: each gateway reads its own partition of gateway.deliveries (and of
 * gateway.typing and gateway.presence), and a message, a typing indicator or a presence change is written only to
 * the partitions of the gateways that hold its audience. A gateway with nobody of the conversation reads nothing
 * of it.
 */
class RoutedDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int EAST_PORT = Integer.getInteger("system.east-gateway.port", 18092);
    private static final int WEST_PORT = Integer.getInteger("system.west-gateway.port", 18093);
    private static final int EAST_PARTITION = 1;
    private static final int WEST_PARTITION = 2;
    // message-service's delivery.directory-grace, and a margin
    private static final Duration DIRECTORY_GRACE = Duration.ofSeconds(6);

    private static ServiceProcess east;
    private static ServiceProcess west;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();

    @BeforeAll
    static void startTwoGatewaysOnTheirOwnPartitions() {
        RunningSuite.shared();
        east = ServiceProcess.start("gateway-service", EAST_PORT, List.of("-Dgateway.delivery.partition=" + EAST_PARTITION));
        west = ServiceProcess.start("gateway-service", WEST_PORT, List.of("-Dgateway.delivery.partition=" + WEST_PARTITION));
        east.awaitReady(Duration.ofSeconds(180));
        west.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopThem() {
        for (ServiceProcess gateway : new ServiceProcess[]{east, west}) {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    @Test
    void aMessageItsTypingAndPresenceGoOnlyToTheGatewaysOfTheirAudience() throws Exception {
        try (KafkaProbe deliveries = KafkaProbe.watching(kafka(), Topics.GATEWAY_DELIVERIES);
             KafkaProbe typing = KafkaProbe.watching(kafka(), Topics.GATEWAY_TYPING);
             KafkaProbe presence = KafkaProbe.watching(kafka(), Topics.GATEWAY_PRESENCE);
             TestSocket aliceSocket = connect(EAST_PORT, alice);
             TestSocket bobPhone = connect(EAST_PORT, bob);
             TestSocket bobLaptop = connect(WEST_PORT, bob);
             TestSocket carolSocket = connect(EAST_PORT, carol)) {
            await().atMost(WAIT).until(() -> RedisCli.partitionsReaching(bob).equals(Set.of(EAST_PARTITION, WEST_PARTITION)));
            await().atMost(WAIT).until(() -> RedisCli.partitionsReaching(carol).equals(Set.of(EAST_PARTITION)));
            awaitDirectorySettled();

            String toBob = send(aliceSocket, bob, "to both of bob's devices", 1);
            assertEquals(toBob, bobPhone.awaitEvent("new_direct_message").getString("id"));
            assertEquals(toBob, bobLaptop.awaitEvent("new_direct_message").getString("id"));
            assertEquals(Set.of(EAST_PARTITION, WEST_PARTITION), deliveries.partitionsContaining(toBob, WAIT));

            String toCarol = send(aliceSocket, carol, "east only", 2);
            assertEquals(toCarol, carolSocket.awaitEvent("new_direct_message").getString("id"));
            assertEquals(Set.of(EAST_PARTITION), deliveries.partitionsContaining(toCarol, WAIT),
                    "the west gateway holds nobody of alice and carol's conversation");

            // typing and presence take the same routes
            aliceSocket.send("typing_start", new JsonObject().put("receiverId", carol), 3);
            assertEquals(alice, carolSocket.awaitEvent("user_typing").getString("userId"));
            assertEquals(Set.of(EAST_PARTITION), typing.partitionsContaining(alice, WAIT));
            // carol's only contact is alice, on the east gateway
            await().atMost(WAIT).until(() -> "1".equals(RedisCli.run("SISMEMBER", "presence:user:" + carol + ":contacts", alice)));
            carolSocket.close();
            assertEquals(carol, aliceSocket.awaitEvent("user_offline").getString("userId"));
            assertEquals(Set.of(EAST_PARTITION), presence.partitionsContaining(carol, WAIT));
        }
    }

    @Test
    void aDeviceThatMovesToAnotherGatewayIsReachedThere() throws Exception {
        try (TestSocket aliceSocket = connect(EAST_PORT, alice)) {
            TestSocket bobOnEast = connect(EAST_PORT, bob);
            await().atMost(WAIT).until(() -> RedisCli.partitionsReaching(bob).equals(Set.of(EAST_PARTITION)));
            bobOnEast.close();
            try (TestSocket bobOnWest = connect(WEST_PORT, bob)) {
                await().atMost(WAIT).until(() -> RedisCli.partitionsReaching(bob).equals(Set.of(WEST_PARTITION)));
                String id = send(aliceSocket, bob, "found you", 1);
                assertEquals(id, bobOnWest.awaitEvent("new_direct_message").getString("id"));
            }
        }
    }

    private static String send(TestSocket socket, String receiverId, String content, long ack) {
        socket.send("send_direct_message", new JsonObject().put("receiverId", receiverId).put("content", content), ack);
        JsonObject reply = socket.awaitAck(ack);
        assertTrue(reply.getBoolean("ok"), reply.encode());
        return reply.getJsonObject("message").getString("id");
    }

    /** The directory may have been lost (a Redis restart in another test): until its grace ends, all get all. */
    private static void awaitDirectorySettled() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String since = RedisCli.run("GET", DeliveryDirectory.SINCE);
            return !since.isEmpty()
                    && System.currentTimeMillis() - Long.parseLong(since) > DIRECTORY_GRACE.toMillis();
        });
    }

    private static TestSocket connect(int port, String userId) {
        return TestSocket.connect(URI.create("ws://localhost:" + port + "/ws"), TestTokens.forUser(userId));
    }

    private static String kafka() {
        return System.getProperty("kafka.bootstrap.servers", "localhost:9092");
    }
}
