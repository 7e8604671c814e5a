package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.gateway.core.GatewayMetrics;
import io.chatrelay.gateway.core.MessageDelivery;
import io.chatrelay.gateway.core.TypingTracker;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the message events routed to this gateway (its partition of {@code gateway.deliveries}, see
 * docs/ARCHITECTURE.md) and delivers them to the sockets it holds; a partition shared with other gateways brings
 * events for none of them, which find no socket here. The same read ends the typing indicator of a sender
 * whose message was stored: each event is read and parsed once.
 */
@ApplicationScoped
public class MessageEventConsumer {

    private static final Logger LOG = Logger.getLogger(MessageEventConsumer.class);

    private final MessageDelivery delivery;
    private final TypingTracker typing;
    private final GatewayMetrics metrics;

    public MessageEventConsumer(MessageDelivery delivery, TypingTracker typing, GatewayMetrics metrics) {
        this.delivery = delivery;
        this.typing = typing;
        this.metrics = metrics;
    }

    @Incoming(DeliveryReadiness.DELIVERIES)
    public Uni<Void> consume(MessageEvent event, IncomingKafkaRecordMetadata<String, MessageEvent> record) {
        metrics.deliveryTaken(record.getTimestamp());
        if (event == null) {
            LOG.warn("skipped an unreadable record on gateway.deliveries");
            return Uni.createFrom().voidItem();
        }
        if (event instanceof MessageStored stored && !stored.duplicate() && stored.message() != null) {
            typing.messageSent(stored.message().senderId(), stored.message().conversationId());
        }
        return delivery.deliver(event);
    }
}
