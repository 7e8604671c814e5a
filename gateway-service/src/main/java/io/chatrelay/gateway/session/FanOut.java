package io.chatrelay.gateway.session;

import io.netty.util.concurrent.EventExecutor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Hands an event to many sockets with one task per event loop: each loop then writes its own sockets with no
 * cross-thread hop, where writing them one by one from the delivering thread queued a task per socket
 * (docs/BENCHMARKS.md, run AC). Each socket keeps its events in order: a task takes its place among the socket's writes
 * when it is queued, even on the loop it runs on. The frames a task writes reach the kernel paced by
 * {@link PacedFlush}.
 */
@ApplicationScoped
public class FanOut {

    private final long flushIntervalNanos;
    private final Map<EventExecutor, PacedFlush<ClientSession>> flushes = new ConcurrentHashMap<>();

    public FanOut(FanOutConfig config) {
        this.flushIntervalNanos = config.flushInterval().toNanos();
    }

    /** Runs {@code emit} for every session on the session's event loop. */
    public void run(Collection<ClientSession> sessions, Consumer<ClientSession> emit) {
        run(sessions, session -> {
            emit.accept(session);
            return true;
        }, emitted -> {
        });
    }

    /**
     * Runs {@code emit} for every session on the session's event loop (on the caller's thread when it has none);
     * {@code emitted} gets how many returned true once all have run.
     */
    public void run(Collection<ClientSession> sessions, Predicate<ClientSession> emit, IntConsumer emitted) {
        Map<EventExecutor, List<ClientSession>> byLoop = new IdentityHashMap<>();
        int here = 0;
        for (ClientSession session : sessions) {
            EventExecutor loop = session.eventLoop();
            if (loop == null) {
                here += emit.test(session) ? 1 : 0;
            } else {
                session.reserveWrite();
                byLoop.computeIfAbsent(loop, ignored -> new ArrayList<>()).add(session);
            }
        }
        if (byLoop.isEmpty()) {
            emitted.accept(here);
            return;
        }
        AtomicInteger count = new AtomicInteger(here);
        AtomicInteger loopsLeft = new AtomicInteger(byLoop.size());
        byLoop.forEach((loop, ofLoop) -> {
            Runnable task = () -> {
                int now = 0;
                for (ClientSession session : ofLoop) {
                    now += session.emitInReservedPlace(emit) ? 1 : 0;
                }
                flushOf(loop).written(ofLoop);
                count.addAndGet(now);
                if (loopsLeft.decrementAndGet() == 0) {
                    emitted.accept(count.get());
                }
            };
            loop.execute(task);
        });
    }

    private PacedFlush<ClientSession> flushOf(EventExecutor loop) {
        return flushes.computeIfAbsent(loop, ofLoop -> new PacedFlush<>(ofLoop, flushIntervalNanos,
                ClientSession::flushFanOutFrames));
    }
}
