package io.chatrelay.presence.messaging;

import io.chatrelay.presence.redis.RebuildMarks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Keeps a Redis projection of one topic complete across Redis losses. In each Redis epoch, every partition of
 * the topic is read once from the start by the replica that holds it, up to the end it had when the replay
 * began; the partition is then marked rebuilt in that epoch ({@link RebuildMarks}). A partition already marked
 * (by this or another replica) is not replayed again, so a restart of presence-service replays nothing and
 * marks vanish with the Redis data they describe.
 */
public abstract class ProjectionReplay implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ProjectionReplay.class);

    private final KafkaClientService kafka;
    private final RebuildMarks marks;
    private final String channel;
    private final String topic;
    /** guarded by this, like {@link #epoch} */
    private final Map<Integer, PartitionProgress> assigned = new HashMap<>();
    private String epoch;
    private volatile int partitionCount;
    private volatile boolean joined;

    protected ProjectionReplay(KafkaClientService kafka, RebuildMarks marks, String channel, String topic) {
        this.kafka = kafka;
        this.marks = marks;
        this.channel = channel;
        this.topic = topic;
    }

    /** The epoch Redis holds now (checked every sweep): a new one starts the rebuild of this projection. */
    public void follow(String current) {
        synchronized (this) {
            if (!current.equals(epoch)) {
                epoch = current;
                assigned.values().forEach(PartitionProgress::unsettle);
            }
        }
        settle(current);
    }

    /** "topic:partition" of every partition of the topic; empty until the consumer joined its group. */
    Set<String> allPartitions() {
        return IntStream.range(0, partitionCount).mapToObj(this::mark).collect(Collectors.toSet());
    }

    boolean joined() {
        return joined;
    }

    /** Applies a record of the topic to Redis (retried while Redis is away), then records the progress. */
    Uni<Void> apply(ConsumerRecord<?, ?> record, Supplier<Uni<? extends Void>> work, String what) {
        return RedisRetry.withRetry(Uni.createFrom().<Void>deferred(work)
                .chain(() -> applied(record.partition(), record.offset())), what);
    }

    /** The same for a batch of records: their work is done first, then their progress recorded in order. */
    Uni<Void> applyAll(List<? extends ConsumerRecord<?, ?>> records, Supplier<Uni<? extends Void>> work, String what) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return RedisRetry.withRetry(Uni.createFrom().<Void>deferred(work)
                .chain(() -> Multi.createFrom().iterable(records)
                        .onItem().transformToUniAndConcatenate(record -> applied(record.partition(), record.offset()))
                        .collect().last()
                        .replaceWithVoid()), what);
    }

    private Uni<Void> applied(int partition, long offset) {
        String completedIn;
        synchronized (this) {
            PartitionProgress progress = assigned.get(partition);
            completedIn = progress != null && progress.applied(offset) ? epoch : null;
        }
        if (completedIn == null) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("%s rebuilt from Kafka in Redis epoch %s", mark(partition), completedIn);
        return marks.markRebuilt(completedIn, mark(partition));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitionCount = consumer.partitionsFor(topic).size();
        Map<Integer, Long> positions = new HashMap<>();
        partitions.forEach(partition -> positions.put(partition.partition(), consumer.position(partition)));
        String current;
        synchronized (this) {
            positions.forEach((partition, position) -> assigned.put(partition, new PartitionProgress(position)));
            current = epoch;
        }
        joined = true;
        if (current != null) {
            settle(current);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        synchronized (this) {
            partitions.forEach(partition -> assigned.remove(partition.partition()));
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** Decides, for each assigned partition not settled in {@code current} yet, whether it must be replayed. */
    private void settle(String current) {
        synchronized (this) {
            if (assigned.values().stream().noneMatch(PartitionProgress::unsettled)) {
                return;
            }
        }
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
        if (consumer == null) {
            return; // not started yet: settled when it is assigned its partitions
        }
        marks.rebuiltIn(current)
                .chain(rebuilt -> consumer.runOnPollingThread(
                        (Consumer<Object, Object> polling) -> settle(polling, current, rebuilt)))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("could not check the rebuild of %s (tried again at the next sweep): %s",
                        topic, failure.getMessage()));
    }

    /** On the polling thread: rewinds the partitions nobody rebuilt in {@code current}. */
    private void settle(Consumer<?, ?> consumer, String current, Set<String> rebuilt) {
        List<TopicPartition> unsettled;
        synchronized (this) {
            unsettled = assigned.entrySet().stream().filter(entry -> entry.getValue().unsettled())
                    .map(entry -> new TopicPartition(topic, entry.getKey())).toList();
        }
        if (unsettled.isEmpty()) {
            return;
        }
        // blocking calls of the Kafka client, on its own thread: outside the lock the event loops take
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(unsettled);
        Map<TopicPartition, Long> ends = consumer.endOffsets(unsettled);
        Map<TopicPartition, Long> positions = new HashMap<>();
        unsettled.forEach(partition -> positions.put(partition, consumer.position(partition)));

        List<TopicPartition> rewound = new ArrayList<>();
        List<Integer> complete = new ArrayList<>();
        synchronized (this) {
            if (!current.equals(epoch)) {
                return;
            }
            for (TopicPartition partition : unsettled) {
                PartitionProgress progress = assigned.get(partition.partition());
                if (progress == null || !progress.unsettled()) {
                    continue;
                }
                if (rebuilt.contains(mark(partition.partition()))) {
                    progress.rebuilt();
                    continue;
                }
                if (progress.replayFromStart(positions.get(partition), beginnings.get(partition), ends.get(partition))) {
                    complete.add(partition.partition());
                }
                rewound.add(partition);
            }
            if (!rewound.isEmpty()) {
                consumer.seekToBeginning(rewound); // never with an empty list: that rewinds every partition
            }
        }
        if (!rewound.isEmpty()) {
            LOG.infof("replaying %s from the start to rebuild Redis epoch %s", rewound, current);
            rewound.forEach(consumer::position); // resolve the rewind now: a commit on revocation keeps it
        }
        complete.forEach(partition -> marks.markRebuilt(current, mark(partition)).subscribe().with(ignored -> {
        }, failure -> {
            LOG.warnf("could not mark %s rebuilt (tried again at the next sweep): %s", mark(partition),
                    failure.getMessage());
            unsettle(partition);
        }));
    }

    private synchronized void unsettle(int partition) {
        PartitionProgress progress = assigned.get(partition);
        if (progress != null) {
            progress.unsettle();
        }
    }

    private String mark(int partition) {
        return topic + ":" + partition;
    }
}
