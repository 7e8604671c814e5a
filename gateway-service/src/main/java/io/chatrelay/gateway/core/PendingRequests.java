package io.chatrelay.gateway.core;

import io.chatrelay.contracts.message.MessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Sockets waiting for message-service to answer a command this gateway published. */
@ApplicationScoped
public class PendingRequests {

    private static final Logger LOG = Logger.getLogger(PendingRequests.class);

    private final Map<String, UniEmitter<? super MessageEvent>> waiting = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final GatewayMetrics metrics;

    public PendingRequests(GatewayConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Registers {@code requestId}, runs {@code publish}, and completes with the answering event, or fails
     * when publishing fails or no answer comes within the store timeout.
     */
    public Uni<MessageEvent> awaitAnswer(String requestId, Supplier<Uni<Void>> publish) {
        long started = System.nanoTime();
        return Uni.createFrom().<MessageEvent>emitter(emitter -> {
                    waiting.put(requestId, emitter);
                    publish.get().subscribe().with(published -> {
                    }, failure -> {
                        waiting.remove(requestId);
                        LOG.warnf("could not publish request %s: %s", requestId, failure.getMessage());
                        emitter.fail(new CommandException(ErrorCode.INTERNAL, "the message could not be sent, try again"));
                    });
                })
                .ifNoItem().after(config.storeTimeout())
                .failWith(() -> new CommandException(ErrorCode.INTERNAL,
                        "the message was not confirmed in time; retry with the same clientMessageId"))
                .onTermination().invoke(() -> {
                    waiting.remove(requestId);
                    metrics.sendAnswered(Duration.ofNanos(System.nanoTime() - started));
                });
    }

    /** @return true when a socket of this gateway was waiting for that answer */
    public boolean answer(String requestId, MessageEvent event) {
        UniEmitter<? super MessageEvent> emitter = requestId == null ? null : waiting.remove(requestId);
        if (emitter == null) {
            return false;
        }
        emitter.complete(event);
        return true;
    }

    public int waitingCount() {
        return waiting.size();
    }
}
