package io.chatrelay.gateway.session;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loop's fan-out frames go to the kernel at most once per interval: at once when the loop is quiet, else all
 * together when the interval is up. Each call runs on the loop, as fan-out tasks do.
 */
class PacedFlushTest {

    private static final long INTERVAL_MILLIS = 200;

    private final EventExecutor loop = new DefaultEventExecutor();
    private final List<String> flushed = new CopyOnWriteArrayList<>();
    private final List<Long> flushedAtNanos = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aQuietLoopFlushesAtOnce() throws Exception {
        PacedFlush<String> paced = paced(INTERVAL_MILLIS);
        List<String> flushedInTheTask = onLoop(() -> {
            paced.written(List.of("a", "b"));
            return List.copyOf(flushed);
        });
        assertEquals(List.of("a", "b"), flushedInTheTask);
    }

    @Test
    void aFanOutWithinTheIntervalWaitsForTheRoundAndNotLonger() throws Exception {
        PacedFlush<String> paced = paced(INTERVAL_MILLIS);
        long firstFlushed = onLoop(() -> {
            paced.written(List.of("a"));
            return System.nanoTime();
        });
        List<String> flushedRightAfterTheSecond = onLoop(() -> {
            paced.written(List.of("b"));
            return List.copyOf(flushed);
        });
        assertEquals(List.of("a"), flushedRightAfterTheSecond, "b went out before the interval was up");

        await().atMost(Duration.ofSeconds(5)).until(() -> flushed.contains("b"));
        long waited = flushedAtNanos.get(1) - firstFlushed;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS - 5),
                "b went out " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms after a");
    }

    @Test
    void everythingWrittenDuringTheIntervalGoesInOneRound() throws Exception {
        PacedFlush<String> paced = paced(INTERVAL_MILLIS);
        onLoop(() -> {
            paced.written(List.of("a"));
            paced.written(List.of("b", "c"));
            paced.written(List.of("d"));
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 4);
        assertEquals(List.of("a", "b", "c", "d"), flushed);
        assertTrue(flushedAtNanos.get(3) - flushedAtNanos.get(1) < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS / 2),
                "b, c and d were not flushed in the same round");
    }

    @Test
    void afterAQuietIntervalTheNextFanOutGoesAtOnceAgain() throws Exception {
        PacedFlush<String> paced = paced(INTERVAL_MILLIS);
        onLoop(() -> {
            paced.written(List.of("a"));
            paced.written(List.of("b"));
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> flushed.contains("b"));
        Thread.sleep(INTERVAL_MILLIS + 50);
        List<String> flushedInTheTask = onLoop(() -> {
            paced.written(List.of("c"));
            return List.copyOf(flushed);
        });
        assertEquals(List.of("a", "b", "c"), flushedInTheTask);
    }

    @Test
    void aZeroIntervalFlushesEveryFanOutAtOnce() throws Exception {
        PacedFlush<String> paced = paced(0);
        List<String> flushedInTheTask = onLoop(() -> {
            paced.written(List.of("a"));
            paced.written(List.of("b"));
            return List.copyOf(flushed);
        });
        assertEquals(List.of("a", "b"), flushedInTheTask);
    }

    private PacedFlush<String> paced(long intervalMillis) {
        return new PacedFlush<>(loop, TimeUnit.MILLISECONDS.toNanos(intervalMillis), socket -> {
            flushed.add(socket);
            flushedAtNanos.add(System.nanoTime());
        });
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }
}
