package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes message events keyed by conversation id, completing once the broker has them. */
@ApplicationScoped
public class MessageEventPublisher {

    private final MutinyEmitter<MessageEvent> emitter;

    public MessageEventPublisher(@Channel("message-events") MutinyEmitter<MessageEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(String conversationId, MessageEvent event) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(conversationId)
                .build();
        return emitter.sendMessage(Message.of(event).addMetadata(key));
    }
}
