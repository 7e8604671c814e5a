package io.chatrelay.gateway.session;

import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When one event loop's fan-out frames go to the kernel: at most one round of flushes per interval. Over loopback
 * and on a busy host each flush costs a system call and the TCP work of a segment (docs/BENCHMARKS.md, session 11):
 * a socket of a busy room that gets two messages per interval sends both with one. A quiet loop flushes at once, so
 * the interval only ever delays a frame when there is something to share its flush with. Used on its loop only.
 */
final class PacedFlush<T> {

    private final EventExecutor loop;
    private final long intervalNanos;
    private final Consumer<T> flush;
    private final List<T> waiting = new ArrayList<>();
    private long lastRoundNanos;
    private boolean roundScheduled;

    PacedFlush(EventExecutor loop, long intervalNanos, Consumer<T> flush) {
        this.loop = loop;
        this.intervalNanos = intervalNanos;
        this.flush = flush;
        this.lastRoundNanos = System.nanoTime() - intervalNanos;
    }

    /** A fan-out task wrote to {@code written}; their frames go out now or with the next round. */
    void written(List<T> written) {
        if (roundScheduled) {
            waiting.addAll(written);
            return;
        }
        long now = System.nanoTime();
        long dueIn = lastRoundNanos + intervalNanos - now;
        if (dueIn <= 0) {
            lastRoundNanos = now;
            written.forEach(flush);
            return;
        }
        waiting.addAll(written);
        roundScheduled = true;
        loop.schedule(this::round, dueIn, TimeUnit.NANOSECONDS);
    }

    private void round() {
        roundScheduled = false;
        lastRoundNanos = System.nanoTime();
        // a socket in several fan-outs of the interval is listed more than once: its flush is idempotent
        waiting.forEach(flush);
        waiting.clear();
    }
}
