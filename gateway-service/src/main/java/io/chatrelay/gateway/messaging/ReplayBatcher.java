package io.chatrelay.gateway.messaging;

import io.chatrelay.gateway.core.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks message-service for replays, many devices per call. A query goes at once while fewer than
 * {@code gateway.resume-concurrency} calls are in flight; otherwise it waits and goes with the others that came
 * meanwhile (up to {@code gateway.resume-batch-size}) when a call returns. A quiet gateway thus sends each resume
 * alone, and a reconnect storm's thousands go in a few dozen calls: one HTTP exchange per resume cost the gateway a
 * third of its event loops in a storm (docs/BENCHMARKS.md, session 9). Each answer comes back on its caller's context.
 */
@ApplicationScoped
public class ReplayBatcher {

    private record Waiting(MessageServiceClient.ReplayQuery query, Context context,
                           UniEmitter<? super MessageServiceClient.Replay> emitter, AtomicBoolean abandoned) {

        static Waiting of(MessageServiceClient.ReplayQuery query, UniEmitter<? super MessageServiceClient.Replay> emitter) {
            Waiting waiting = new Waiting(query, Vertx.currentContext(), emitter, new AtomicBoolean());
            emitter.onTermination(() -> waiting.abandoned().set(true)); // its resume timed out: not asked for
            return waiting;
        }

        void complete(MessageServiceClient.ReplayOutcome outcome) {
            if (outcome == null || outcome.replay() == null) {
                MessageServiceClient.Failure error = outcome == null ? null : outcome.error();
                fail(new ReplayFailed(error == null ? "no answer" : error.code() + ": " + error.message()));
            } else {
                on(() -> emitter.complete(outcome.replay()));
            }
        }

        void fail(Throwable failure) {
            on(() -> emitter.fail(failure));
        }

        private void on(Runnable action) {
            if (context == null) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }

    /** message-service answered this query with an error (the others of its call may have succeeded). */
    public static final class ReplayFailed extends RuntimeException {
        ReplayFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final MessageServiceClient messageService;
    private final int batchSize;
    private final int concurrency;
    private final Queue<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    public ReplayBatcher(@RestClient MessageServiceClient messageService, GatewayConfig config) {
        this.messageService = messageService;
        this.batchSize = Math.max(1, config.resumeBatchSize());
        this.concurrency = Math.max(1, config.resumeConcurrency());
    }

    public Uni<MessageServiceClient.Replay> replay(MessageServiceClient.ReplayQuery query) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                waiting.add(Waiting.of(query, emitter));
            }
            sendWaiting();
        });
    }

    private void sendWaiting() {
        List<Waiting> batch = new ArrayList<>();
        synchronized (this) {
            if (inFlight >= concurrency) {
                return;
            }
            while (batch.size() < batchSize && !waiting.isEmpty()) {
                Waiting next = waiting.poll();
                if (!next.abandoned().get()) {
                    batch.add(next);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            inFlight++;
        }
        messageService.replays(batch.stream().map(Waiting::query).toList())
                .subscribe().with(outcomes -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).complete(outcomes != null && i < outcomes.size() ? outcomes.get(i) : null);
                    }
                    returned();
                }, failure -> {
                    batch.forEach(each -> each.fail(failure));
                    returned();
                });
    }

    private void returned() {
        synchronized (this) {
            inFlight--;
        }
        sendWaiting();
    }
}
