package io.chatrelay.presence.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.presence.redis.ContactBook;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final ContactsReplay replay;

    public ContactsConsumer(ContactBook contacts, @Identifier(ContactsReplay.NAME) ContactsReplay replay) {
        this.contacts = contacts;
        this.replay = replay;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, JsonNode> record) {
        return replay.apply(record, () -> apply(record.value()), "a contact");
    }

    private Uni<Void> apply(JsonNode event) {
        if (event == null || !"message_stored".equals(event.path("type").asText())) {
            return Uni.createFrom().voidItem();
        }
        String senderId = event.path("message").path("senderId").asText("");
        String receiverId = event.path("message").path("receiverId").asText("");
        if (senderId.isBlank() || receiverId.isBlank() || senderId.equals(receiverId)) {
            return Uni.createFrom().voidItem();
        }
        return contacts.connect(senderId, receiverId);
    }
}
