package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.room.RoomEvent;
import io.chatrelay.gateway.core.RoomMemberships;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps this gateway's membership cache current: every gateway reads all of {@code room.events}. */
@ApplicationScoped
public class RoomEventConsumer {

    private static final Logger LOG = Logger.getLogger(RoomEventConsumer.class);

    private final RoomMemberships memberships;

    public RoomEventConsumer(RoomMemberships memberships) {
        this.memberships = memberships;
    }

    @Incoming("room-events")
    public void consume(RoomEvent event) {
        if (event == null) {
            LOG.warn("skipped an unreadable record on room.events");
            return;
        }
        memberships.apply(event);
    }
}
