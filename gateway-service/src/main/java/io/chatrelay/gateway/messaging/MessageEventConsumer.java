package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.gateway.core.MessageDelivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every gateway reads all of {@code message.events} in a consumer group of its own and delivers to the
 * sockets it holds (see docs/ARCHITECTURE.md for why, and for the routing that replaces it at scale).
 */
@ApplicationScoped
public class MessageEventConsumer {

    private static final Logger LOG = Logger.getLogger(MessageEventConsumer.class);

    private final MessageDelivery delivery;

    public MessageEventConsumer(MessageDelivery delivery) {
        this.delivery = delivery;
    }

    @Incoming("message-events")
    public Uni<Void> consume(MessageEvent event) {
        if (event == null) {
            LOG.warn("skipped an unreadable record on message.events");
            return Uni.createFrom().voidItem();
        }
        return delivery.deliver(event);
    }
}
