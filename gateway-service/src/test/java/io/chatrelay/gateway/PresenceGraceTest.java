package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline grace against the real broker (the test reads {@code presence.commands} as presence-service does, as
 * {@link PresenceGatewayTest} does with no grace): a
 * device that reconnects within it leaves no trace on the topic; one that does not is announced closed after it, with
 * the time it closed.
 */
@QuarkusTest
@TestProfile(PresenceGraceTest.OneSecondGrace.class)
class PresenceGraceTest {

    static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class OneSecondGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.presence.offline-grace", GRACE.toMillis() + "ms");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SessionRegistry sessions;

    private KafkaProbe kafka;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

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
    void aDeviceThatReconnectsWithinTheGraceTakesOverItsSessionAndNothingIsAnnounced() throws Exception {
        TestSocket first = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered();
        await().atMost(WAIT).until(() -> commands("session_opened", alice).size() == 1);
        String session = commands("session_opened", alice).get(0).getString("sessionId");

        first.close();
        // a reconnect, not a second device: the gateway has seen the first socket go
        await().atMost(WAIT).until(() -> sessions.sessionsOf(alice).isEmpty());
        Instant reconnectedAt;
        try (TestSocket second = TestSocket.connect(ws, TestTokens.forUser(alice)).awaitRegistered()) {
            reconnectedAt = Instant.now();
            Thread.sleep(GRACE.multipliedBy(2).toMillis());
            assertEquals(1, commands("session_opened", alice).size(), "the reconnect announced a session of its own");
            assertEquals(List.of(), commands("session_closed", alice), "the first socket's close was announced");
        }

        await().atMost(WAIT).until(() -> commands("session_closed", alice).size() == 1);
        Instant seen = Instant.now();
        JsonObject closed = commands("session_closed", alice).get(0);
        assertEquals(session, closed.getString("sessionId"), "the second socket closes the session it took over");
        Instant closedAt = Instant.parse(closed.getString("closedAt"));
        // the second socket was held twice the grace after it connected
        assertFalse(closedAt.isBefore(reconnectedAt.plus(GRACE.multipliedBy(2))), closedAt + " is the first socket's close");
        assertFalse(closedAt.isAfter(seen), closedAt + " is after the record arrived");
    }

    @Test
    void aDeviceThatDoesNotComeBackIsAnnouncedClosedAfterTheGraceWithTheTimeItClosed() {
        TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered();
        await().atMost(WAIT).until(() -> commands("session_opened", bob).size() == 1);
        Instant beforeClose = Instant.now();
        socket.close();
        Instant afterClose = Instant.now();

        await().atMost(WAIT).until(() -> commands("session_closed", bob).size() == 1);
        Instant seen = Instant.now();
        JsonObject closed = commands("session_closed", bob).get(0);
        assertEquals(commands("session_opened", bob).get(0).getString("sessionId"), closed.getString("sessionId"));
        Instant closedAt = Instant.parse(closed.getString("closedAt"));
        assertFalse(closedAt.isBefore(beforeClose), closedAt + " before the close");
        assertFalse(closedAt.isAfter(afterClose.plusMillis(500)), closedAt + " long after the close");
        assertTrue(Duration.between(beforeClose, seen).compareTo(GRACE) >= 0, "announced within the grace");
    }

    private List<JsonObject> commands(String type, String userId) {
        return PresenceGatewayTest.commands(kafka, type, userId);
    }
}
