package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.PartitionInfo;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.List;

/**
 * The service's one Kafka producer: an event on {@code message.events} and its routed copies on
 * {@code gateway.deliveries} go to the broker in the same requests, where a producer per topic sent a request for
 * each (one connection and one configuration less; no CPU difference was measurable, docs/BENCHMARKS.md, session 16).
 */
@ApplicationScoped
public class EventProducer {

    static final String CHANNEL = "message-events";

    private final MutinyEmitter<MessageEvent> emitter;
    private final KafkaClientService kafka;

    // bounded by the callers: a poll of commands (max.poll.records) times the copies of each event
    public EventProducer(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                         MutinyEmitter<MessageEvent> emitter, KafkaClientService kafka) {
        this.emitter = emitter;
        this.kafka = kafka;
    }

    /**
     * Completes once the broker has the record. {@code partition} null: chosen by key; {@code trace} may be null.
     */
    public Uni<Void> send(String topic, String key, Integer partition, MessageEvent event, TracingMetadata trace) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key);
        if (partition != null) {
            metadata.withPartition(partition);
        }
        Message<MessageEvent> record = Message.of(event).addMetadata(metadata.build());
        return emitter.sendMessage(trace == null ? record : record.addMetadata(trace));
    }

    public Uni<List<Integer>> partitionsOf(String topic) {
        return kafka.<String, MessageEvent>getProducer(CHANNEL).partitionsFor(topic)
                .map(infos -> infos.stream().map(PartitionInfo::partition).toList());
    }
}
