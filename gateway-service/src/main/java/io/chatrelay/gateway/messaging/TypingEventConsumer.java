package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.gateway.core.TypingDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Typing crosses gateways on {@code gateway.typing}: this gateway reads its partition, which carries the
 * indicators for the users it holds, from now on. (A typist's stored message, which ends their typing, is
 * noticed by the reader of {@code gateway.deliveries}.)
 */
@ApplicationScoped
public class TypingEventConsumer {

    private final TypingDelivery delivery;

    public TypingEventConsumer(TypingDelivery delivery) {
        this.delivery = delivery;
    }

    @Incoming(DeliveryReadiness.TYPING)
    public void typing(TypingSignal signal) {
        if (signal != null) {
            delivery.deliver(signal);
        }
    }
}
