package io.chatrelay.gateway.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway reads its routed deliveries, presence changes and typing "from now on", each on its partition of a
 * per-gateway topic. Until those positions are fixed, records would pass it by, so it is not ready for sockets
 * before that. From the start, and on each probe until then, it asks each consumer (on its polling thread) to
 * resolve its position.
 */
@ApplicationScoped
@Readiness
public class DeliveryReadiness implements HealthCheck {

    static final String DELIVERIES = "gateway-deliveries";
    static final String PRESENCE = "presence-events";
    static final String TYPING = "typing-events";
    private static final List<String> CHANNELS = List.of(DELIVERIES, PRESENCE, TYPING);
    private static final long RETRY_MILLIS = 100;

    private final KafkaClientService kafka;
    private final Vertx vertx;
    private final Set<String> asking = ConcurrentHashMap.newKeySet();
    private final Set<String> positioned = ConcurrentHashMap.newKeySet();

    public DeliveryReadiness(KafkaClientService kafka, Vertx vertx) {
        this.kafka = kafka;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        vertx.setPeriodic(RETRY_MILLIS, timer -> {
            if (allPositioned()) {
                vertx.cancelTimer(timer);
            } else {
                askPositions();
            }
        });
    }

    @Override
    public HealthCheckResponse call() {
        if (!allPositioned()) {
            askPositions();
        }
        return HealthCheckResponse.named("gateway.deliveries, gateway.presence, gateway.typing positioned")
                .status(allPositioned()).build();
    }

    private boolean allPositioned() {
        return positioned.containsAll(CHANNELS);
    }

    private void askPositions() {
        for (String channel : CHANNELS) {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
            if (positioned.contains(channel) || consumer == null || !asking.add(channel)) {
                continue;
            }
            consumer.runOnPollingThread(client -> {
                        client.assignment().forEach(client::position);
                        return !client.assignment().isEmpty();
                    })
                    .subscribe().with(assigned -> {
                        if (assigned) {
                            positioned.add(channel);
                        }
                        asking.remove(channel);
                    }, failure -> asking.remove(channel));
        }
    }
}
