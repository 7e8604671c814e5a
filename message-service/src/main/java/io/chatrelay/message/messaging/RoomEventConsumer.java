package io.chatrelay.message.messaging;

import io.chatrelay.contracts.room.RoomEvent;
import io.chatrelay.message.service.FailureCode;
import io.chatrelay.message.service.OnContext;
import io.chatrelay.message.service.RoomMemberships;
import io.chatrelay.message.service.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Keeps message-service's room replica current from {@code room.events} (durable group, from the earliest
 * record on first start). The offset is committed once the event is applied. While the database is
 * unreachable the event is retried with back-off (the partition waits); an event still failing after
 * {@link #ATTEMPTS} attempts, or whose data cannot be stored at all, is logged and skipped: the room's next
 * event then shows a gap, which reloads the snapshot. room-service being unreachable never holds the
 * partition: the replica forgets the room instead (see {@link RoomMemberships#apply}).
 */
@ApplicationScoped
public class RoomEventConsumer {

    private static final Logger LOG = Logger.getLogger(RoomEventConsumer.class);

    static final int ATTEMPTS = 12;

    private final RoomMemberships memberships;

    public RoomEventConsumer(RoomMemberships memberships) {
        this.memberships = memberships;
    }

    @Incoming("room-events")
    public Uni<Void> consume(RoomEvent event) {
        if (event == null) {
            LOG.warn("skipped an unreadable record on room.events");
            return Uni.createFrom().voidItem();
        }
        // a retry re-subscribes from a timer thread: the database work must run on the record's Vert.x context
        Executor onThisContext = OnContext.current();
        return Uni.createFrom().deferred(() -> memberships.apply(event))
                .runSubscriptionOn(onThisContext)
                .onFailure(RoomEventConsumer::worthRetrying).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(ATTEMPTS - 1)
                .invoke(change -> LOG.debugf("room %s version %d: %s", event.roomId(), event.version(), change))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("skipped %s: %s", event, failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** Only a database that could not be reached may work next time. */
    private static boolean worthRetrying(Throwable failure) {
        return !(failure instanceof ServiceException refused) || refused.code() == FailureCode.INTERNAL;
    }
}
