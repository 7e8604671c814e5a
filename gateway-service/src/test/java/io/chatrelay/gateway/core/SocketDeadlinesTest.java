package io.chatrelay.gateway.core;

import io.chatrelay.gateway.core.SocketDeadlines.Deadline;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sockets' deadlines on a real event loop: each fires once, on the loop, not early and at most a tick late. */
class SocketDeadlinesTest {

    private static final long PRECISION_MS = 20;

    private static Vertx vertx;
    private static EventExecutor loop;
    private static SocketDeadlines deadlines;

    @BeforeAll
    static void startLoop() {
        vertx = Vertx.vertx();
        loop = vertx.nettyEventLoopGroup().next();
        deadlines = new SocketDeadlines(vertx, Duration.ofMillis(PRECISION_MS));
    }

    @AfterAll
    static void stopLoop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aDeadlineFiresOnceOnItsLoopNotBeforeItsTime() throws InterruptedException {
        List<Long> firedAt = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        Deadline deadline = deadlines.create(loop, () -> {
            firedAt.add(System.currentTimeMillis());
            onLoop.add(loop.inEventLoop());
        });
        long armedAt = System.currentTimeMillis();

        deadline.in(200);

        await().atMost(Duration.ofSeconds(2)).until(() -> !firedAt.isEmpty());
        Thread.sleep(5 * PRECISION_MS);
        assertEquals(1, firedAt.size(), "fired once");
        long after = firedAt.get(0) - armedAt;
        assertTrue(after >= 200, "fired after " + after + " ms");
        assertTrue(after < 200 + 10 * PRECISION_MS, "fired after " + after + " ms");
        assertEquals(List.of(true), onLoop);
    }

    @Test
    void aMovedDeadlineFiresAtItsNewTimeOnly() throws InterruptedException {
        AtomicInteger fired = new AtomicInteger();
        Deadline deadline = deadlines.create(loop, fired::incrementAndGet);
        long armedAt = System.currentTimeMillis();

        deadline.in(100);
        deadline.in(400);

        Thread.sleep(300);
        assertEquals(0, fired.get(), "still waiting for its new time");
        await().atMost(Duration.ofSeconds(2)).until(() -> fired.get() == 1);
        assertTrue(System.currentTimeMillis() - armedAt >= 400);
    }

    @Test
    void aCancelledDeadlineNeverFires() throws InterruptedException {
        AtomicInteger fired = new AtomicInteger();
        Deadline deadline = deadlines.create(loop, fired::incrementAndGet);

        deadline.in(50);
        deadline.cancel();

        Thread.sleep(300);
        assertEquals(0, fired.get());
    }

    @Test
    void aDeadlineMovedFromItsOwnCallbackFiresAgain() {
        List<Long> firedAt = new CopyOnWriteArrayList<>();
        Deadline[] heartbeat = new Deadline[1];
        heartbeat[0] = deadlines.create(loop, () -> {
            firedAt.add(System.currentTimeMillis());
            if (firedAt.size() < 3) {
                heartbeat[0].in(100);
            }
        });

        heartbeat[0].in(100);

        await().atMost(Duration.ofSeconds(3)).until(() -> firedAt.size() == 3);
        assertTrue(firedAt.get(2) - firedAt.get(1) >= 100);
    }

    @Test
    void ofManyDeadlinesArmedFromOtherThreadsExactlyTheUncancelledOnesFireOnceEach() throws InterruptedException {
        int count = 10_000;
        Map<Integer, AtomicInteger> firings = new ConcurrentHashMap<>();
        List<Deadline> armed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AtomicInteger firing = new AtomicInteger();
            firings.put(i, firing);
            Deadline deadline = deadlines.create(loop, firing::incrementAndGet);
            deadline.in(500 + ThreadLocalRandom.current().nextInt(300));
            armed.add(deadline);
        }
        for (int i = 0; i < count; i += 2) {
            armed.get(i).cancel();
        }

        await().atMost(Duration.ofSeconds(5)).until(() ->
                firings.entrySet().stream().filter(e -> e.getKey() % 2 == 1).allMatch(e -> e.getValue().get() > 0));
        Thread.sleep(5 * PRECISION_MS);
        for (int i = 0; i < count; i++) {
            assertEquals(i % 2 == 0 ? 0 : 1, firings.get(i).get(), "deadline " + i);
        }
    }
}
