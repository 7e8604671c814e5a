package io.chatrelay.presence.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.presence.redis.ContactBook;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns who talks to whom from {@code message.events}: the sender and receiver of a stored direct message
 * are each other's contacts, the audience of each other's presence. Other records are ignored, so new kinds
 * of message events never break this reader.
 */
@ApplicationScoped
public class ContactsConsumer {

    static final String CHANNEL = "message-events";

    private final ContactBook contacts;

    public ContactsConsumer(ContactBook contacts) {
        this.contacts = contacts;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(JsonNode event) {
        if (event == null || !"message_stored".equals(event.path("type").asText())) {
            return Uni.createFrom().voidItem();
        }
        String senderId = event.path("message").path("senderId").asText("");
        String receiverId = event.path("message").path("receiverId").asText("");
        if (senderId.isBlank() || receiverId.isBlank() || senderId.equals(receiverId)) {
            return Uni.createFrom().voidItem();
        }
        return RedisRetry.withRetry(Uni.createFrom().deferred(() -> contacts.connect(senderId, receiverId)), "a contact");
    }
}
