package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.presence.GatewayHeartbeat;
import io.chatrelay.contracts.presence.GatewayStopped;
import io.chatrelay.contracts.presence.PresenceCommand;
import io.chatrelay.contracts.presence.UserSessionClosed;
import io.chatrelay.contracts.presence.UserSessionOpened;
import io.chatrelay.presence.service.GatewaySweeper;
import io.chatrelay.presence.service.SessionTracker;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Consumes {@code presence.commands} from the gateways a poll at a time. The records of one key (a user's sessions,
 * a gateway's heartbeats) are applied in order, up to {@link #KEYS_AT_ONCE} keys side by side: one record at a time,
 * each waiting for its Redis scripts and for the broker to take its events, held a replica to a few hundred
 * records a second, and a reconnect storm's closes and opens queued for tens of seconds (docs/BENCHMARKS.md,
 * session 12). Kafka orders records only per partition, so records of different keys were never ordered anyway.
 * Applying a record twice changes nothing, so a replay after a crash is harmless.
 */
@ApplicationScoped
public class PresenceCommandConsumer {

    private static final Logger LOG = Logger.getLogger(PresenceCommandConsumer.class);

    private final SessionTracker sessions;
    private final GatewaySweeper sweeper;

    public PresenceCommandConsumer(SessionTracker sessions, GatewaySweeper sweeper) {
        this.sessions = sessions;
        this.sweeper = sweeper;
    }

    /** Each key's Redis scripts and events in flight at once; below the emitters' buffers (128 events each). */
    static final int KEYS_AT_ONCE = 32;

    @Incoming("presence-commands")
    public Uni<Void> consume(ConsumerRecords<String, PresenceCommand> records) {
        Map<String, List<PresenceCommand>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, PresenceCommand> record : records) {
            byKey.computeIfAbsent(String.valueOf(record.key()), key -> new ArrayList<>()).add(record.value());
        }
        return Multi.createFrom().iterable(byKey.values())
                .onItem().transformToUni(this::applyInOrder).merge(KEYS_AT_ONCE)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> applyInOrder(List<PresenceCommand> commands) {
        return Multi.createFrom().iterable(commands)
                .onItem().transformToUniAndConcatenate(command ->
                        RedisRetry.withRetry(Uni.createFrom().deferred(() -> apply(command)), "a presence command"))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> apply(PresenceCommand command) {
        if (command == null || isBlank(command.gatewayId())) {
            LOG.warn("skipped an unreadable record on presence.commands");
            return Uni.createFrom().voidItem();
        }
        if (command instanceof UserSessionOpened opened && isComplete(opened.sessionId(), opened.userId())) {
            return sessions.opened(opened);
        }
        if (command instanceof UserSessionClosed closed && isComplete(closed.sessionId(), closed.userId())) {
            return sessions.closed(closed);
        }
        if (command instanceof GatewayHeartbeat heartbeat) {
            return sessions.heartbeat(heartbeat);
        }
        if (command instanceof GatewayStopped stopped) {
            return sweeper.dropStopped(stopped.gatewayId());
        }
        LOG.warnf("skipped an incomplete %s on presence.commands", command.getClass().getSimpleName());
        return Uni.createFrom().voidItem();
    }

    private static boolean isComplete(String... values) {
        return Stream.of(values).noneMatch(PresenceCommandConsumer::isBlank);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
