package io.chatrelay.message.messaging;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.MessageEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes message events keyed by conversation id on {@code message.events}, for every service, and routed
 * to the gateways of their audience on {@code gateway.deliveries}; completes once the broker has them all.
 */
@ApplicationScoped
public class MessageEventPublisher {

    private final EventProducer producer;
    private final GatewayDeliveryPublisher deliveries;

    public MessageEventPublisher(EventProducer producer, GatewayDeliveryPublisher deliveries) {
        this.producer = producer;
        this.deliveries = deliveries;
    }

    public Uni<Void> publish(String conversationId, MessageEvent event) {
        return publish(conversationId, event, null);
    }

    /** The same for the answer to a command: the event continues the command's trace ({@code cause}, may be null). */
    public Uni<Void> publish(String conversationId, MessageEvent event, TracingMetadata cause) {
        return Uni.join().all(producer.send(Topics.MESSAGE_EVENTS, conversationId, null, event, cause),
                        deliveries.deliver(conversationId, event, cause))
                .andFailFast().replaceWithVoid();
    }
}
