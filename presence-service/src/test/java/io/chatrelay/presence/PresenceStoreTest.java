package io.chatrelay.presence;

import io.chatrelay.presence.redis.DroppedPage;
import io.chatrelay.presence.redis.PresenceStore;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transitions are decided in Redis atomically: however many presence-service replicas race on one user,
 * the user comes online once and goes offline once.
 */
@QuarkusTest
class PresenceStoreTest {

    private static final Duration REDIS = Duration.ofSeconds(10);

    @Inject
    PresenceStore store;

    private final String gatewayId = "gw-" + UUID.randomUUID();
    private final String user = "user-" + UUID.randomUUID();

    @Test
    void concurrentFirstSessionsMakeTheUserOnlineExactlyOnceAndConcurrentLastOnesOfflineOnce() {
        List<String> sessions = IntStream.range(0, 20).mapToObj(i -> "s" + i).toList();
        List<Boolean> openings = Uni.join().all(sessions.stream()
                        .map(session -> store.openSession(gatewayId, session, user, Instant.now().plusSeconds(60)))
                        .toList())
                .andFailFast().await().atMost(REDIS);
        assertEquals(1, openings.stream().filter(Boolean::booleanValue).count());

        List<Boolean> closings = Uni.join().all(sessions.stream()
                        .map(session -> store.closeSession(gatewayId, session, user, Instant.now()))
                        .toList())
                .andFailFast().await().atMost(REDIS);
        assertEquals(1, closings.stream().filter(Boolean::booleanValue).count());
    }

    @Test
    void twoSweepersDroppingTheSameDeadGatewayReportEachUserOnce() {
        List<String> users = IntStream.range(0, 60).mapToObj(i -> user + "-" + i).toList();
        // expired as of "in two minutes", so the service's own sweeper leaves it to this test
        store.heartbeat(gatewayId, Instant.now().plusSeconds(60), Instant.now()).await().atMost(REDIS);
        for (String each : users) {
            store.openSession(gatewayId, "a-" + each, each, Instant.now()).await().atMost(REDIS);
            store.openSession(gatewayId, "b-" + each, each, Instant.now()).await().atMost(REDIS);
        }

        List<List<String>> reported = Uni.join().all(dropAll(), dropAll()).andFailFast().await().atMost(REDIS);
        List<String> all = new ArrayList<>(reported.get(0));
        all.addAll(reported.get(1));
        assertEquals(Set.copyOf(users), new HashSet<>(all));
        assertEquals(users.size(), all.size(), "a user was reported offline twice");
        assertEquals(List.of(), store.expiredGateways(null, Instant.now().plusSeconds(120), 10_000).await().atMost(REDIS).stream()
                .filter(gatewayId::equals).toList());
    }

    @Test
    void aGatewayThatHeartbeatsAgainIsNotDropped() {
        store.heartbeat(gatewayId, Instant.now().plusSeconds(60), Instant.now()).await().atMost(REDIS);
        store.openSession(gatewayId, "s1", user, Instant.now()).await().atMost(REDIS);

        DroppedPage page = store.dropGatewayPage(gatewayId, Instant.now(), "0", 10, Instant.now()).await().atMost(REDIS);

        assertEquals(true, page.alive());
        assertEquals(true, store.presenceOf(List.of(user)).await().atMost(REDIS).get(0).online());
    }

    private Uni<List<String>> dropAll() {
        List<String> offline = new ArrayList<>();
        return dropFrom("0", offline).replaceWith(offline);
    }

    private Uni<Void> dropFrom(String cursor, List<String> offline) {
        return store.dropGatewayPage(gatewayId, Instant.now().plusSeconds(120), cursor, 7, Instant.now())
                .chain(page -> {
                    offline.addAll(page.users());
                    return page.finished() ? Uni.createFrom().voidItem() : dropFrom(page.nextCursor(), offline);
                });
    }
}
