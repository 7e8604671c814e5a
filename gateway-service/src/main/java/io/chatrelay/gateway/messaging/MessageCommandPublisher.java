package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageCommand;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Publishes commands for message-service, keyed by conversation; completes once the broker has them. The producer
 * lingers (10 ms) so that, at high rates, sends share produce requests and message-service's transactions; at low
 * rates ({@link CommandConfig#flushBelowRate()}) a command is flushed at once, since there is nothing to share the
 * wait with (docs/BENCHMARKS.md, session 19).
 */
@ApplicationScoped
public class MessageCommandPublisher {

    private static final Logger LOG = Logger.getLogger(MessageCommandPublisher.class);
    private static final String CHANNEL = "message-commands";
    private static final Duration RATE_WINDOW = Duration.ofMillis(50);

    private final MutinyEmitter<MessageCommand> emitter;
    private final KafkaClientService kafka;
    private final CommandRate rate;

    public MessageCommandPublisher(@Channel(CHANNEL) MutinyEmitter<MessageCommand> emitter, KafkaClientService kafka,
                                   CommandConfig config) {
        this.emitter = emitter;
        this.kafka = kafka;
        int perWindow = (int) Math.ceil(config.flushBelowRate() * RATE_WINDOW.toMillis() / 1000.0);
        this.rate = new CommandRate(RATE_WINDOW, perWindow);
    }

    public Uni<Void> publish(MessageCommand command) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(command.key())
                .build();
        Uni<Void> sent = emitter.sendMessage(Message.of(command).addMetadata(key));
        return Uni.createFrom().emitter(done -> {
            sent.subscribe().with(done::complete, done::fail);
            // the send was just handed to the producer's sending thread: a flush queued behind it takes it along
            if (rate.countAndIsLow(System.nanoTime())) {
                flush();
            }
        });
    }

    private void flush() {
        KafkaProducer<?, ?> producer = kafka.getProducer(CHANNEL);
        if (producer != null) {
            producer.flush().subscribe().with(ignored -> {
            }, failure -> LOG.debugf("flushing the command producer failed: %s", failure.getMessage()));
        }
    }
}
