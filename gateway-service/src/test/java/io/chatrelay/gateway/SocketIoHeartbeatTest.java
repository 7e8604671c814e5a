package io.chatrelay.gateway;

import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.RawWebSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Engine.IO heartbeat and the connect deadline, with the clocks made short: the server pings, a client that
 * pongs stays, one that stops is dropped, one that never connects a namespace is dropped too.
 */
@QuarkusTest
@TestProfile(SocketIoHeartbeatTest.ShortClocks.class)
class SocketIoHeartbeatTest {

    static final long PING_INTERVAL_MS = 500;
    static final long PING_TIMEOUT_MS = 1000;
    static final long CONNECT_TIMEOUT_MS = 2000;

    public static class ShortClocks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.socketio.ping-interval", PING_INTERVAL_MS + "ms",
                    "gateway.socketio.ping-timeout", PING_TIMEOUT_MS + "ms",
                    "gateway.socketio.connect-timeout", CONNECT_TIMEOUT_MS + "ms",
                    "gateway.deadline-precision", "20ms");
        }
    }

    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=websocket";

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    SessionRegistry sessions;

    private final String alice = "alice-" + UUID.randomUUID();

    @Test
    void theOpenPacketAnnouncesTheConfiguredHeartbeat() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            JsonObject handshake = new JsonObject(socket.awaitFrame(frame -> frame.startsWith("0")).substring(1));
            assertEquals(PING_INTERVAL_MS, handshake.getLong("pingInterval"));
            assertEquals(PING_TIMEOUT_MS, handshake.getLong("pingTimeout"));
        }
    }

    @Test
    void theStockClientAnswersPingsAndStaysConnectedOverManyIntervals() throws InterruptedException {
        try (SocketIoTestClient socket = SocketIoTestClient.connect(gateway, TestTokens.forUser(alice))) {
            Thread.sleep(8 * PING_INTERVAL_MS);

            assertFalse(socket.wasDisconnected(), "dropped: the client did not get pings, or its pongs were ignored");
            assertTrue(socket.isConnected());
            JsonObject ack = socket.emitWithAck("no_such_event", new JsonObject());
            assertFalse(ack.getBoolean("ok"), "still served");
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedAfterThePingTimeout() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("40" + new JsonObject().put("token", TestTokens.forUser(alice)).encode());
            socket.awaitFrame(frame -> frame.startsWith("40"));
            for (int round = 1; round <= 3; round++) {
                awaitNextPing(socket);
                socket.send("3");
            }
            assertTrue(socket.isOpen(), "answered pings keep the connection");

            awaitNextPing(socket); // not answered
            long unanswered = System.nanoTime();

            assertEquals(1008, socket.awaitClose(Duration.ofSeconds(5)));
            long waitedMs = Duration.ofNanos(System.nanoTime() - unanswered).toMillis();
            assertTrue(waitedMs >= PING_TIMEOUT_MS - 100, "closed after " + waitedMs + " ms");
            assertEquals("ping timeout", socket.closeReason());
            await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionsOf(alice).isEmpty());
        }
    }

    @Test
    void aConnectionThatNeverConnectsANamespaceIsClosedAfterTheConnectTimeout() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            long opened = System.nanoTime();
            // it answers pings, it even tries a bad token: still not connected
            socket.send("40{\"token\":\"not-a-jwt\"}");
            long pongs = 0;
            while (socket.isOpen() && Duration.ofNanos(System.nanoTime() - opened).toMillis() < 5_000) {
                long pings = pingsReceived(socket);
                for (; pongs < pings; pongs++) {
                    socket.send("3");
                }
                sleep(20);
            }

            assertEquals(1008, socket.awaitClose(Duration.ofSeconds(1)));
            assertEquals("connect timeout", socket.closeReason());
            assertTrue(Duration.ofNanos(System.nanoTime() - opened).toMillis() >= CONNECT_TIMEOUT_MS - 100);
        }
    }

    /** Watches closely, so that the time of the ping is known to a few milliseconds. */
    private static void awaitNextPing(RawWebSocket socket) {
        long pings = pingsReceived(socket);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pingsReceived(socket) == pings) {
            assertTrue(System.nanoTime() < deadline, "no ping within 5 s");
            sleep(2);
        }
    }

    private static long pingsReceived(RawWebSocket socket) {
        return socket.received().stream().filter("2"::equals).count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
