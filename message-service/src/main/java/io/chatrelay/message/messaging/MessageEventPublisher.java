package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes message events keyed by conversation id on {@code message.events}, for every service, and routed
 * to the gateways of their audience on {@code gateway.deliveries}; completes once the broker has them all.
 */
@ApplicationScoped
public class MessageEventPublisher {

    private final MutinyEmitter<MessageEvent> emitter;
    private final GatewayDeliveryPublisher deliveries;

    /** A batch of commands publishes its events all at once (max.poll.records of message.commands). */
    public MessageEventPublisher(@Channel("message-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 1024) MutinyEmitter<MessageEvent> emitter,
                                 GatewayDeliveryPublisher deliveries) {
        this.emitter = emitter;
        this.deliveries = deliveries;
    }

    public Uni<Void> publish(String conversationId, MessageEvent event) {
        return publish(conversationId, event, null);
    }

    /** The same for the answer to a command: the event continues the command's trace ({@code cause}, may be null). */
    public Uni<Void> publish(String conversationId, MessageEvent event, TracingMetadata cause) {
        Message<MessageEvent> message = keyed(conversationId, event);
        return Uni.join().all(emitter.sendMessage(cause == null ? message : message.addMetadata(cause)),
                        deliveries.deliver(conversationId, event, cause))
                .andFailFast().replaceWithVoid();
    }

    private static Message<MessageEvent> keyed(String conversationId, MessageEvent event) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(conversationId)
                .build();
        return Message.of(event).addMetadata(key);
    }
}
