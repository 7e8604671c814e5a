package io.chatrelay.contracts.routing;

import io.chatrelay.contracts.routing.DeliveryDirectoryLookup.Routes;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends items (events for the gateways) to the partitions of a per-gateway topic that reach their audience,
 * looked up in the delivery directory (docs/ARCHITECTURE.md, "Routing between gateways"): one record per
 * partition that a recipient's gateway or the waiting gateway reads.
 *
 * <p>Items are routed in the order they are handed over, whatever order the lookups would finish in: they
 * queue, whatever queued while one lookup ran is looked up together in the next (one Redis round trip), and
 * sent in order. When the directory is unreadable or Redis has just lost it, or an item's audience cannot be
 * named, the item goes to every partition: a gateway without the audience drops it, nobody misses it. So does an
 * item for more than {@code broadcastAbove} users (a large room's): they are likely spread over most gateways
 * anyway, and looking each of them up cost Redis a script of ~2 ms per item at 1,000 users (docs/BENCHMARKS.md,
 * session 14).
 *
 * @param <T> what is routed
 */
public final class DirectoryRouter<T> {

    /** Who an item is for: users whose sockets get it, the gateway waiting for it, or every gateway. */
    public record Audience(Collection<String> userIds, String waitingGateway, boolean everywhere) {

        public static Audience of(Collection<String> userIds, String waitingGateway) {
            return new Audience(userIds, waitingGateway, false);
        }

        public static Audience everyGateway() {
            return new Audience(List.of(), null, true);
        }
    }

    private static final Logger LOG = Logger.getLogger(DirectoryRouter.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);

    private final String topic;
    private final DeliveryDirectoryLookup directory;
    private final Duration directoryGrace;
    private final int broadcastAbove;
    private final Supplier<Uni<List<Integer>>> topicPartitions;
    private final Function<T, Uni<Audience>> audienceOf;
    private final BiFunction<T, Integer, Uni<Void>> sendToPartition;
    private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile List<Integer> allPartitions;

    /**
     * @param directoryGrace  how long after Redis lost the directory every item goes everywhere: longer than the
     *                        gateways' refresh interval, so all of them registered again
     * @param broadcastAbove  an item for more users than this goes to every partition without a lookup
     * @param topicPartitions the topic's partitions (asked once, on first use)
     * @param audienceOf      who an item is for
     * @param sendToPartition publishes an item to one partition, completing once the broker has it
     */
    public DirectoryRouter(String topic, DeliveryDirectoryLookup directory, Duration directoryGrace,
                           int broadcastAbove, Supplier<Uni<List<Integer>>> topicPartitions,
                           Function<T, Uni<Audience>> audienceOf, BiFunction<T, Integer, Uni<Void>> sendToPartition) {
        this.topic = topic;
        this.directory = directory;
        this.directoryGrace = directoryGrace;
        this.broadcastAbove = Math.max(0, broadcastAbove);
        this.topicPartitions = topicPartitions;
        this.audienceOf = audienceOf;
        this.sendToPartition = sendToPartition;
    }

    /** Completes once the broker has every routed copy; on the thread that completed the last one. */
    public Uni<Void> route(T item) {
        return Uni.createFrom().deferred(() -> {
            Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
            queue.add(pending);
            drain();
            return Uni.createFrom().completionStage(pending.sent());
        });
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            drainNext();
            return;
        }
        partitions()
                .chain(partitions -> audiences(batch)
                        .chain(audiences -> routes(audiences)
                                .invoke(routes -> {
                                    for (int i = 0; i < batch.size(); i++) {
                                        send(batch.get(i), targets(audiences.get(i), routes, partitions));
                                    }
                                })))
                .subscribe().with(ignored -> drainNext(), failure -> {
                    batch.forEach(pending -> pending.sent().completeExceptionally(failure));
                    drainNext();
                });
    }

    private void drainNext() {
        draining.set(false);
        if (!queue.isEmpty()) {
            drain();
        }
    }

    private Uni<List<Audience>> audiences(List<Pending<T>> batch) {
        List<Uni<Audience>> audiences = batch.stream()
                .map(pending -> audienceOf.apply(pending.item())
                        .map(this::broadcastWhenLarge)
                        .ifNoItem().after(LOOKUP_TIMEOUT).fail()
                        .onFailure().recoverWithItem(failure -> {
                            LOG.debugf("audience of %s unknown, sent to every gateway: %s", pending.item(),
                                    failure.getMessage());
                            return Audience.everyGateway();
                        }))
                .toList();
        return Uni.join().all(audiences).andFailFast();
    }

    private Audience broadcastWhenLarge(Audience audience) {
        Collection<String> users = audience.userIds();
        return users.size() > broadcastAbove && new HashSet<>(users).size() > broadcastAbove
                ? Audience.everyGateway()
                : audience;
    }

    /** One lookup for every user and waiting gateway of the batch. */
    private Uni<Routes> routes(List<Audience> audiences) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> gateways = new LinkedHashSet<>();
        for (Audience audience : audiences) {
            users.addAll(audience.userIds());
            if (audience.waitingGateway() != null) {
                gateways.add(audience.waitingGateway());
            }
        }
        if (users.isEmpty() && gateways.isEmpty()) {
            return Uni.createFrom().item(Routes.NOWHERE);
        }
        return directory.lookup(List.copyOf(users), List.copyOf(gateways), directoryGrace)
                .ifNoItem().after(LOOKUP_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("delivery directory unavailable, %d items go to every gateway on %s: %s",
                            audiences.size(), topic, failure.getMessage());
                    return Routes.EVERYWHERE;
                });
    }

    private static Set<Integer> targets(Audience audience, Routes routes, List<Integer> allPartitions) {
        if (routes.everywhere() || audience.everywhere()) {
            return new LinkedHashSet<>(allPartitions);
        }
        Set<Integer> targets = new LinkedHashSet<>();
        audience.userIds().forEach(userId -> targets.addAll(routes.byUser().getOrDefault(userId, Set.of())));
        if (audience.waitingGateway() != null) {
            Integer waiting = routes.byGateway().get(audience.waitingGateway());
            if (waiting != null) {
                targets.add(waiting);
            }
        }
        return targets;
    }

    private void send(Pending<T> pending, Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            pending.sent().complete(null);
            return;
        }
        List<Uni<Void>> sends = new ArrayList<>(partitions.size());
        partitions.forEach(partition -> sends.add(sendToPartition.apply(pending.item(), partition)));
        // subscribing here, in the batch's order, hands the records to the producer in that order
        Uni.join().all(sends).andFailFast().subscribe().with(
                ignored -> pending.sent().complete(null),
                failure -> pending.sent().completeExceptionally(failure));
    }

    private Uni<List<Integer>> partitions() {
        List<Integer> known = allPartitions;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return topicPartitions.get().invoke(partitions -> allPartitions = List.copyOf(partitions));
    }

    private record Pending<T>(T item, CompletableFuture<Void> sent) {
    }
}
