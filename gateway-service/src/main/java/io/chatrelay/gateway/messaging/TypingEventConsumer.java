package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.gateway.core.TypingDelivery;
import io.chatrelay.gateway.core.TypingTracker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Typing crosses gateways on {@code typing.events}, read by every gateway from now on. A second, separate
 * reader of {@code message.events} notices a typist's message being stored, which ends their typing; being
 * its own consumer, it never delays message delivery.
 */
@ApplicationScoped
public class TypingEventConsumer {

    private final TypingDelivery delivery;
    private final TypingTracker tracker;

    public TypingEventConsumer(TypingDelivery delivery, TypingTracker tracker) {
        this.delivery = delivery;
        this.tracker = tracker;
    }

    @Incoming("typing-events")
    public void typing(TypingSignal signal) {
        if (signal != null) {
            delivery.deliver(signal);
        }
    }

    @Incoming("typing-sent-messages")
    public void messageStored(MessageEvent event) {
        if (event instanceof MessageStored stored && !stored.duplicate() && stored.message() != null) {
            tracker.messageSent(stored.message().senderId(), stored.message().conversationId());
        }
    }
}
