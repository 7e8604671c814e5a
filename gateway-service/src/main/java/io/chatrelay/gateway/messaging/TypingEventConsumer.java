package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.gateway.core.TypingDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Typing crosses gateways on {@code typing.events}, read by every gateway from now on. (A typist's stored
 * message, which ends their typing, is noticed by the one reader of {@code message.events}.)
 */
@ApplicationScoped
public class TypingEventConsumer {

    private final TypingDelivery delivery;

    public TypingEventConsumer(TypingDelivery delivery) {
        this.delivery = delivery;
    }

    @Incoming("typing-events")
    public void typing(TypingSignal signal) {
        if (signal != null) {
            delivery.deliver(signal);
        }
    }
}
