package io.chatrelay.gateway.core;

import io.chatrelay.gateway.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own Prometheus metrics (on {@code /q/metrics}, next to JVM, HTTP and Kafka client metrics
 * such as {@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Timer deliveryLatency;
    private final Timer sendLatency;
    private final Timer deliveryWait;
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> messagesOut = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry, SessionRegistry sessions) {
        this.registry = registry;
        Gauge.builder("chat.gateway.connections", sessions, SessionRegistry::openSessions)
                .description("authenticated sockets open on this gateway")
                .register(registry);
        this.deliveryLatency = latency("chat.gateway.delivery.latency",
                "from the message being stored to its event being handed to a socket here");
        this.sendLatency = latency("chat.gateway.send.latency",
                "from a send arriving on a socket to its acknowledgement (stored or refused)");
        this.deliveryWait = latency("chat.gateway.delivery.wait",
                "from message-service producing a record of gateway.deliveries to this gateway reading it");
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** {@code producedAt}: the timestamp of a record of gateway.deliveries (epoch millis, message-service's clock). */
    public void deliveryTaken(Instant producedAt) {
        if (producedAt != null) {
            deliveryWait.record(Duration.between(producedAt, Instant.now()));
        }
    }

    public void commandReceived(String event) {
        commands.computeIfAbsent(event, name -> Counter.builder("chat.gateway.commands")
                .description("client commands received, by event").tag("event", name).register(registry)).increment();
    }

    public void commandFailed(ErrorCode code) {
        errors.computeIfAbsent(code, failed -> Counter.builder("chat.gateway.errors")
                .description("commands answered with an error, by code").tag("code", failed.wireName())
                .register(registry)).increment();
    }

    /** One message event handed to {@code sockets} sockets here (a fan-out); its latency is recorded once. */
    public void messageEmitted(String event, int sockets, Instant storedAt) {
        if (sockets == 0) {
            return;
        }
        messagesOut.computeIfAbsent(event, name -> Counter.builder("chat.gateway.messages.out")
                .description("message events handed to sockets, by event").tag("event", name).register(registry))
                .increment(sockets);
        if (storedAt != null) {
            deliveryLatency.record(Duration.between(storedAt, Instant.now()));
        }
    }

    public void sendAnswered(Duration took) {
        sendLatency.record(took);
    }
}
