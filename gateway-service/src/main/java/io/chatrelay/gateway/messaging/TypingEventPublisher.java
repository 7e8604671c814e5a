package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.TypingSignal;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends typing indicators to every gateway on {@code typing.events}, keyed by receiver (or room). Fire and
 * forget: an indicator is ephemeral and never holds a client up.
 */
@ApplicationScoped
public class TypingEventPublisher {

    private static final Logger LOG = Logger.getLogger(TypingEventPublisher.class);

    private final MutinyEmitter<TypingSignal> emitter;

    public TypingEventPublisher(@Channel("typing-signals") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                MutinyEmitter<TypingSignal> emitter) {
        this.emitter = emitter;
    }

    public void send(TypingSignal signal) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(signal.key())
                .build();
        emitter.sendMessage(Message.of(signal).addMetadata(key)).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("typing indicator of %s not sent: %s", signal.userId(), failure.getMessage()));
    }
}
