package io.chatrelay.gateway.session;

import io.netty.util.concurrent.EventExecutor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes other threads hand to one event loop's sockets (fan-outs, frames for a socket of this loop), run in the
 * order they were handed over by one loop task, which flushes each socket it wrote once at its end. While the loop is
 * busy, writes pile up here, and a socket that got several of them sends them with one system call: most of the
 * gateway's CPU in a 1,000-member room was the kernel's work per frame written (docs/BENCHMARKS.md, session 11). An
 * idle loop runs each write as soon as it is handed over, as before.
 *
 * <p>A write joins the task already queued, if any, so it may run before loop tasks queued after that one; once the
 * task runs, writes handed over go to a new task queued behind the loop's others. Every write of a socket either goes
 * through here or, when none of its writes wait here, straight to its channel ({@link SocketWriter}): a socket's frames
 * keep their order, and a close called after a write still follows it.
 */
final class LoopOutbox {

    private static final Logger LOG = Logger.getLogger(LoopOutbox.class);
    private static final Map<EventExecutor, LoopOutbox> OUTBOXES = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    private List<Runnable> handedOver = new ArrayList<>();
    private boolean taskQueued;
    /** Only touched on the loop. */
    private final List<SocketWriter> unflushed = new ArrayList<>();
    private boolean running;

    private LoopOutbox(EventExecutor loop) {
        this.loop = loop;
    }

    static LoopOutbox of(EventExecutor loop) {
        return OUTBOXES.computeIfAbsent(loop, LoopOutbox::new);
    }

    /** Runs {@code writes} on the loop, after every write handed over before. */
    void handOver(Runnable writes) {
        boolean queueTask;
        synchronized (this) {
            handedOver.add(writes);
            queueTask = !taskQueued;
            taskQueued = true;
        }
        if (queueTask) {
            loop.execute(this::runHandedOver);
        }
    }

    /** True on the loop while this outbox's task runs: writes wait for its flush. */
    boolean running() {
        return running;
    }

    /** A socket written without a flush by this task: flushed once when the task ends. */
    void awaitFlush(SocketWriter writer) {
        unflushed.add(writer);
    }

    private void runHandedOver() {
        List<Runnable> batch;
        synchronized (this) {
            batch = handedOver;
            handedOver = new ArrayList<>();
            taskQueued = false;
        }
        running = true;
        try {
            for (Runnable writes : batch) {
                try {
                    writes.run();
                } catch (RuntimeException failure) {
                    LOG.errorf(failure, "a write handed to event loop %s failed", loop);
                }
            }
        } finally {
            running = false;
            for (SocketWriter writer : unflushed) {
                writer.flush();
            }
            unflushed.clear();
        }
    }
}
