package io.chatrelay.room.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.room.service.RoomActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Reads {@code message.events} in batches (durable group, from the earliest record on first start) and moves
 * each room's last activity to its latest stored message; everything but {@code message_stored} with a
 * {@code roomId} is ignored. Retried with back-off while the database is unreachable, then skipped: last
 * activity only orders room lists, and the room's next message sets it again.
 */
@ApplicationScoped
public class MessageActivityConsumer {

    private static final Logger LOG = Logger.getLogger(MessageActivityConsumer.class);

    static final int ATTEMPTS = 8;

    private final RoomActivity activity;

    public MessageActivityConsumer(RoomActivity activity) {
        this.activity = activity;
    }

    @Incoming("message-events")
    public Uni<Void> consume(List<MessageEvent> events) {
        List<MessageStored> roomMessages = events.stream()
                .filter(Objects::nonNull) // unreadable records
                .filter(MessageStored.class::isInstance)
                .map(MessageStored.class::cast)
                .filter(stored -> stored.message() != null && stored.message().roomId() != null)
                .toList();
        if (roomMessages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // a retry re-subscribes from a timer thread: the database work must run on the batch's Vert.x context
        Executor onThisContext = onCurrentContext();
        return Uni.createFrom().deferred(() -> activity.record(roomMessages))
                .runSubscriptionOn(onThisContext)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(ATTEMPTS - 1)
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("gave up recording the activity of %d room messages: %s", roomMessages.size(),
                            failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
