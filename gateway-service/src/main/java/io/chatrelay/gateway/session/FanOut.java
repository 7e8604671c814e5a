package io.chatrelay.gateway.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Hands an event to many sockets with one piece of work per event loop, given to the loop's {@link LoopOutbox}: each
 * loop then writes its own sockets with no cross-thread hop, where writing them one by one from the delivering thread
 * queued a task per socket (docs/BENCHMARKS.md, run AC). Each socket keeps its events in order: the work takes its
 * place among the socket's writes when it is handed over, even on the loop it runs on.
 */
public final class FanOut {

    private FanOut() {
    }

    /** Runs {@code emit} for every session on the session's event loop. */
    public static void run(Collection<ClientSession> sessions, Consumer<ClientSession> emit) {
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
    public static void run(Collection<ClientSession> sessions, Predicate<ClientSession> emit, IntConsumer emitted) {
        Map<LoopOutbox, List<ClientSession>> byLoop = new IdentityHashMap<>();
        int here = 0;
        for (ClientSession session : sessions) {
            LoopOutbox loop = session.outbox();
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
                count.addAndGet(now);
                if (loopsLeft.decrementAndGet() == 0) {
                    emitted.accept(count.get());
                }
            };
            loop.handOver(task);
        });
    }
}
