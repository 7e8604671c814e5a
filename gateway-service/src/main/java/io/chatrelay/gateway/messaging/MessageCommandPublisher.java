package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageCommand;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes commands for message-service, keyed by conversation; completes once the broker has them. */
@ApplicationScoped
public class MessageCommandPublisher {

    private final MutinyEmitter<MessageCommand> emitter;

    public MessageCommandPublisher(@Channel("message-commands") MutinyEmitter<MessageCommand> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(MessageCommand command) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(command.key())
                .build();
        return emitter.sendMessage(Message.of(command).addMetadata(key));
    }
}
