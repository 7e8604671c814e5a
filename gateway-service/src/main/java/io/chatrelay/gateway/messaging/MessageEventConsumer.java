package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.gateway.core.GatewayMetrics;
import io.chatrelay.gateway.core.MessageDelivery;
import io.chatrelay.gateway.core.TypingTracker;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the message events routed to this gateway (its partition of {@code gateway.deliveries}, see
 * docs/ARCHITECTURE.md) and delivers them to the sockets it holds; a partition shared with other gateways brings
 * events for none of them, which find no socket here. The same read ends the typing indicator of a sender
 * whose message was stored: each event is read and parsed once. A poll is taken as a whole, its events delivered one
 * after the other in partition order: the messaging layer's work per record was a large share of a direct message's
 * cost in the gateway (docs/BENCHMARKS.md, run AC).
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
    public Uni<Void> consume(ConsumerRecords<String, MessageEvent> records) {
        List<MessageEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, MessageEvent> record : records) {
            metrics.deliveryTaken(Instant.ofEpochMilli(record.timestamp()));
            if (record.value() == null) {
                LOG.warn("skipped an unreadable record on gateway.deliveries");
            } else {
                events.add(record.value());
            }
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(this::deliver)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(MessageEvent event) {
        if (event instanceof MessageStored stored && !stored.duplicate() && stored.message() != null) {
            typing.messageSent(stored.message().senderId(), stored.message().conversationId());
        }
        return delivery.deliver(event);
    }
}
