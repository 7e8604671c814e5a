package io.chatrelay.gateway.session;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes handed to a busy event loop wait together and run in one task, in the order they were handed over. */
class LoopOutboxTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final LoopOutbox outbox = LoopOutbox.of(loop);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTheLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void writesHandedOverWhileTheLoopIsBusyRunTogetherInOrder() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        loop.execute(() -> await(busy));
        List<Boolean> insideTheOutboxTask = new CopyOnWriteArrayList<>();
        for (String write : List.of("a", "b", "c")) {
            outbox.handOver(() -> {
                insideTheOutboxTask.add(outbox.running());
                ran.add(write);
            });
        }
        busy.countDown();
        awaitLoop();
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(List.of(true, true, true), insideTheOutboxTask);
        assertFalse(outbox.running());
    }

    @Test
    void aWriteHandedOverWhileTheTaskRunsFollowsTheLoopsTasksQueuedBeforeIt() throws Exception {
        outbox.handOver(() -> {
            ran.add("first");
            loop.execute(() -> ran.add("task queued by the first write"));
            outbox.handOver(() -> ran.add("second"));
        });
        awaitLoop();
        assertEquals(List.of("first", "task queued by the first write", "second"), ran);
    }

    @Test
    void aFailingWriteDoesNotStopTheOthers() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        loop.execute(() -> await(busy));
        outbox.handOver(() -> {
            throw new IllegalStateException("a broken socket");
        });
        outbox.handOver(() -> ran.add("after the failure"));
        busy.countDown();
        awaitLoop();
        assertEquals(List.of("after the failure"), ran);
    }

    /** Waits until every task queued so far (and those they queue once) ran. */
    private void awaitLoop() throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS), "the loop is stuck");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
