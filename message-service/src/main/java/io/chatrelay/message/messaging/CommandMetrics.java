package io.chatrelay.message.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a command's time goes in message-service (on {@code /q/metrics}): waiting to be handled since the gateway
 * produced it, storing its run, publishing the events of its run. With the gateway's delivery latency these time
 * each hop of a message.
 */
@ApplicationScoped
public class CommandMetrics {

    /** What a run of commands stores (read receipts, handled one at a time, are not timed). */
    public enum Work { SENDS, RECEIPTS, CATCH_UPS }

    private final Timer waited;
    private final Map<Work, Timer> stored = new EnumMap<>(Work.class);
    private final Timer published;

    public CommandMetrics(MeterRegistry registry) {
        this.waited = histogram("chat.message.commands.wait",
                "from the gateway producing a command to message-service starting on its poll")
                .register(registry);
        for (Work work : Work.values()) {
            stored.put(work, histogram("chat.message.commands.store", "storing one run of commands, by kind")
                    .tag("work", work.name().toLowerCase())
                    .register(registry));
        }
        this.published = histogram("chat.message.events.publish",
                "from a run being stored to the broker acknowledging all of its events")
                .register(registry);
    }

    private static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30));
    }

    /** {@code producedAt}: the record's timestamp (epoch millis, the producer's clock). */
    public void commandTaken(long producedAt) {
        waited.record(Math.max(0, System.currentTimeMillis() - producedAt), TimeUnit.MILLISECONDS);
    }

    public void runStored(Work work, long startedNanos) {
        stored.get(work).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    public void eventsPublished(long startedNanos) {
        published.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
