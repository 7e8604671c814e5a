package io.chatrelay.gateway.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gateway reads its deliveries "from now on". Until its partition's position is fixed, deliveries would pass
 * it by, so it is not ready for sockets before that. From the start, and on each probe until then, it asks the
 * consumer (on its polling thread) to resolve the position.
 */
@ApplicationScoped
@Readiness
public class DeliveryReadiness implements HealthCheck {

    static final String CHANNEL = "gateway-deliveries";

    private static final long RETRY_MILLIS = 100;

    private final KafkaClientService kafka;
    private final Vertx vertx;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean positioned;

    public DeliveryReadiness(KafkaClientService kafka, Vertx vertx) {
        this.kafka = kafka;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        vertx.setPeriodic(RETRY_MILLIS, timer -> {
            if (positioned) {
                vertx.cancelTimer(timer);
            } else {
                askPosition();
            }
        });
    }

    @Override
    public HealthCheckResponse call() {
        if (!positioned) {
            askPosition();
        }
        return HealthCheckResponse.named("gateway.deliveries positioned").status(positioned).build();
    }

    private void askPosition() {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(CHANNEL);
        if (consumer == null || !asking.compareAndSet(false, true)) {
            return;
        }
        consumer.runOnPollingThread(client -> {
                    client.assignment().forEach(client::position);
                    return !client.assignment().isEmpty();
                })
                .subscribe().with(assigned -> {
                    positioned = assigned;
                    asking.set(false);
                }, failure -> asking.set(false));
    }
}
