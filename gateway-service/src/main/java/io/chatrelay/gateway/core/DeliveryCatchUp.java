package io.chatrelay.gateway.core;

import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.gateway.messaging.MessageCommandPublisher;
import io.chatrelay.gateway.session.SessionOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A device that connects has received, from the app's point of view, what was sent while it was away (it
 * pages it in): its senders get {@code messages_delivered}.
 */
@ApplicationScoped
public class DeliveryCatchUp {

    private static final Logger LOG = Logger.getLogger(DeliveryCatchUp.class);

    private final MessageCommandPublisher publisher;

    public DeliveryCatchUp(MessageCommandPublisher publisher) {
        this.publisher = publisher;
    }

    void onSessionOpened(@Observes SessionOpened opened) {
        String userId = opened.session().userId();
        publisher.publish(new CatchUpDelivered(null, userId)).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("could not publish the delivery catch-up of %s: %s", userId, failure.getMessage()));
    }
}
