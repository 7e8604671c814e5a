package io.chatrelay.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Plays another service on the real broker: records what is published on a topic from now on, and
 * publishes raw JSON records. Close it at the end of the test.
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private final String topic;
    private volatile boolean running = true;

    private KafkaProbe(String bootstrapServers, String topic) {
        this.topic = topic;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before the test publishes anything
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        poller = new Thread(this::poll, "kafka-probe-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts recording {@code topic} from its current end. */
    public static KafkaProbe watching(String bootstrapServers, String topic) {
        return new KafkaProbe(bootstrapServers, topic);
    }

    public List<ConsumerRecord<String, String>> received() {
        return List.copyOf(received);
    }

    /** Records whose value contains {@code fragment}, e.g. a request id. */
    public List<ConsumerRecord<String, String>> receivedContaining(String fragment) {
        return received.stream().filter(record -> record.value() != null && record.value().contains(fragment)).toList();
    }

    public void publish(String topic, String key, String json) {
        publish(topic, key, json, Map.of());
    }

    /**
     * The partitions of the records whose value contains {@code fragment}, once at least one arrived and no new
     * partition showed up for half a second; fails when none arrives within {@code wait}.
     */
    public Set<Integer> partitionsContaining(String fragment, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Set<Integer> seen = Set.of();
        while (System.nanoTime() < deadline) {
            Set<Integer> now = receivedContaining(fragment).stream().map(ConsumerRecord::partition)
                    .collect(Collectors.toSet());
            if (!now.isEmpty() && now.equals(seen)) {
                return now;
            }
            seen = now;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no record containing " + fragment + " settled on " + topic + " within " + wait
                + " (partitions so far: " + seen + ")");
    }

    /** Publishes with record headers, e.g. a W3C {@code traceparent}. */
    public void publish(String topic, String key, String json, Map<String, String> headers) {
        publish(new ProducerRecord<>(topic, key, json), headers);
    }

    /** Publishes to one partition, e.g. the partition of {@code gateway.deliveries} a gateway under test reads. */
    public void publish(String topic, int partition, String key, String json) {
        publish(new ProducerRecord<>(topic, partition, key, json), Map.of());
    }

    /** Publishes records to one partition together (sent, then waited for), so a consumer is likely to poll them at once. */
    public void publishAll(String topic, int partition, List<Map.Entry<String, String>> keysAndJson) {
        List<Future<RecordMetadata>> sent = keysAndJson.stream()
                .map(record -> producer.send(new ProducerRecord<>(topic, partition, record.getKey(), record.getValue())))
                .toList();
        for (Future<RecordMetadata> each : sent) {
            awaitSent(topic, each);
        }
    }

    private void publish(ProducerRecord<String, String> record, Map<String, String> headers) {
        String topic = record.topic();
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        awaitSent(topic, producer.send(record));
    }

    private static void awaitSent(String topic, Future<RecordMetadata> sent) {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** The value of a record header as text, or null when the record has none of that name. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
