package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.gateway.core.PresenceDelivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * This gateway reads its partition of {@code gateway.presence} (the changes routed to it, and re-announce
 * requests, which go to every gateway), from now on, and tells the sockets it holds of the users in each
 * change's audience, a poll at a time.
 */
@ApplicationScoped
public class PresenceEventConsumer {

    private static final Logger LOG = Logger.getLogger(PresenceEventConsumer.class);

    private final PresenceDelivery delivery;

    public PresenceEventConsumer(PresenceDelivery delivery) {
        this.delivery = delivery;
    }

    @Incoming(DeliveryReadiness.PRESENCE)
    public Uni<Void> consume(List<PresenceEvent> poll) {
        List<PresenceEvent> events = new ArrayList<>(poll.size());
        for (PresenceEvent event : poll) {
            if (event == null) {
                LOG.debug("skipped an unreadable record on gateway.presence");
            } else {
                events.add(event);
            }
        }
        return delivery.deliver(events);
    }
}
