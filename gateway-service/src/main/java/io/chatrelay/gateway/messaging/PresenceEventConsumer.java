package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.gateway.core.PresenceDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every gateway reads all of {@code presence.events} (a group of its own, from now on) and tells the sockets
 * it holds of the users in each change's audience.
 */
@ApplicationScoped
public class PresenceEventConsumer {

    private static final Logger LOG = Logger.getLogger(PresenceEventConsumer.class);

    private final PresenceDelivery delivery;

    public PresenceEventConsumer(PresenceDelivery delivery) {
        this.delivery = delivery;
    }

    @Incoming("presence-events")
    public void consume(PresenceEvent event) {
        if (event == null) {
            LOG.debug("skipped an unreadable record on presence.events");
            return;
        }
        delivery.deliver(event);
    }
}
