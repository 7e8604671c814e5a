package io.chatrelay.message.messaging;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.MessageAudience;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.message.repository.DeliveryDirectoryLookup;
import io.chatrelay.message.repository.DeliveryDirectoryLookup.Routes;
import io.chatrelay.message.repository.RoomMemberIds;
import io.chatrelay.message.service.OnContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.PartitionInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes message events to the gateways that hold their audience: one record on {@code gateway.deliveries} per
 * partition that reaches a recipient's socket or the gateway waiting for the command, looked up in the delivery
 * directory (docs/ARCHITECTURE.md, "Routing between gateways").
 *
 * <p>Events are routed in the order they are handed over, whatever order the lookups would finish in: they
 * queue, and whatever queued while one lookup ran is looked up together in the next, then sent in order. A room
 * event's audience is the room's members in message-service's replica. When the directory is unreadable or Redis
 * has just lost it, or a room is not in the replica, the event goes to every partition: a gateway without the
 * audience drops it, nobody misses it.
 */
@ApplicationScoped
public class GatewayDeliveryPublisher {

    static final String CHANNEL = "gateway-deliveries";
    private static final Logger LOG = Logger.getLogger(GatewayDeliveryPublisher.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);

    private final MutinyEmitter<MessageEvent> emitter;
    private final DeliveryDirectoryLookup directory;
    private final RoomMemberIds roomMembers;
    private final KafkaClientService kafka;
    private final Duration directoryGrace;
    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile List<Integer> allPartitions;

    // bounded by the callers: a poll of commands (max.poll.records) times the partitions of a broadcast
    public GatewayDeliveryPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                                    MutinyEmitter<MessageEvent> emitter,
                                    DeliveryDirectoryLookup directory, RoomMemberIds roomMembers,
                                    KafkaClientService kafka,
                                    @ConfigProperty(name = "delivery.directory-grace", defaultValue = "5s")
                                    Duration directoryGrace) {
        this.emitter = emitter;
        this.directory = directory;
        this.roomMembers = roomMembers;
        this.kafka = kafka;
        this.directoryGrace = directoryGrace;
    }

    /** Completes once the broker has every routed copy ({@code cause}: the command's trace, may be null). */
    public Uni<Void> deliver(String conversationId, MessageEvent event, TracingMetadata cause) {
        return Uni.createFrom().deferred(() -> {
            Delivery delivery = new Delivery(conversationId, event, cause, MessageAudience.of(event),
                    new CompletableFuture<>());
            Executor caller = OnContext.current();
            queue.add(delivery);
            drain();
            return Uni.createFrom().completionStage(delivery.sent()).emitOn(caller);
        });
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        List<Delivery> batch = new ArrayList<>();
        for (Delivery next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            drainNext();
            return;
        }
        partitions().chain(partitions -> roomMembers(batch).chain(members -> routes(batch, members)
                        .map(routes -> new Routed(partitions, members, routes))))
                .subscribe().with(routed -> {
                    batch.forEach(delivery -> send(delivery, routed.targets(delivery)));
                    drainNext();
                }, failure -> {
                    batch.forEach(delivery -> delivery.sent().completeExceptionally(failure));
                    drainNext();
                });
    }

    private void drainNext() {
        draining.set(false);
        if (!queue.isEmpty()) {
            drain();
        }
    }

    /** The members of the batch's rooms, in one query; an empty map when they cannot be read. */
    private Uni<Map<String, List<String>>> roomMembers(List<Delivery> batch) {
        Set<String> roomIds = new LinkedHashSet<>();
        batch.forEach(delivery -> {
            if (delivery.audience().roomId() != null) {
                roomIds.add(delivery.audience().roomId());
            }
        });
        return roomMembers.of(roomIds)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("room members unreadable, delivering the events of %d rooms to every gateway: %s",
                            roomIds.size(), failure.getMessage());
                    return Map.of();
                });
    }

    /** One lookup for the audiences (room members included) and waiting gateways of the whole batch. */
    private Uni<Routes> routes(List<Delivery> batch, Map<String, List<String>> members) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> gateways = new LinkedHashSet<>();
        for (Delivery delivery : batch) {
            users.addAll(delivery.audience().userIds());
            if (delivery.audience().roomId() != null) {
                users.addAll(members.getOrDefault(delivery.audience().roomId(), List.of()));
            }
            if (delivery.event().origin() != null) {
                gateways.add(delivery.event().origin().gatewayId());
            }
        }
        if (users.isEmpty() && gateways.isEmpty()) {
            return Uni.createFrom().item(Routes.NOWHERE);
        }
        return directory.lookup(List.copyOf(users), List.copyOf(gateways), directoryGrace)
                .ifNoItem().after(LOOKUP_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("delivery directory unavailable, delivering %d events to every gateway: %s",
                            batch.size(), failure.getMessage());
                    return Routes.EVERYWHERE;
                });
    }

    private void send(Delivery delivery, Set<Integer> partitions) {
        List<Uni<Void>> sends = new ArrayList<>(partitions.size());
        for (int partition : partitions) {
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(delivery.conversationId())
                    .withPartition(partition)
                    .build();
            Message<MessageEvent> record = Message.of(delivery.event()).addMetadata(metadata);
            sends.add(emitter.sendMessage(delivery.trace() == null ? record : record.addMetadata(delivery.trace())));
        }
        if (sends.isEmpty()) {
            delivery.sent().complete(null);
            return;
        }
        Uni.join().all(sends).andFailFast().subscribe().with(
                ignored -> delivery.sent().complete(null),
                failure -> delivery.sent().completeExceptionally(failure));
    }

    private Uni<List<Integer>> partitions() {
        List<Integer> known = allPartitions;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return kafka.<String, MessageEvent>getProducer(CHANNEL).partitionsFor(Topics.GATEWAY_DELIVERIES)
                .map(infos -> infos.stream().map(PartitionInfo::partition).sorted().toList())
                .invoke(partitions -> allPartitions = partitions);
    }

    private record Delivery(String conversationId, MessageEvent event, TracingMetadata trace,
                            MessageAudience audience, CompletableFuture<Void> sent) {
    }

    private record Routed(List<Integer> allPartitions, Map<String, List<String>> members, Routes routes) {

        Set<Integer> targets(Delivery delivery) {
            String roomId = delivery.audience().roomId();
            if (routes.everywhere() || (roomId != null && !members.containsKey(roomId))) {
                return new LinkedHashSet<>(allPartitions);
            }
            Set<Integer> targets = new LinkedHashSet<>();
            delivery.audience().userIds().forEach(userId -> targets.addAll(routes.byUser().get(userId)));
            if (roomId != null) {
                members.get(roomId).forEach(userId -> targets.addAll(routes.byUser().get(userId)));
            }
            if (delivery.event().origin() != null) {
                Integer waiting = routes.byGateway().get(delivery.event().origin().gatewayId());
                if (waiting != null) {
                    targets.add(waiting);
                }
            }
            return targets;
        }
    }
}
