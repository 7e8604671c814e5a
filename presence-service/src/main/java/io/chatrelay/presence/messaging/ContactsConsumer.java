package io.chatrelay.presence.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.presence.redis.ContactBook;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns who talks to whom from {@code message.events}, a poll at a time: the sender and receiver of a stored
 * direct message are each other's contacts, the audience of each other's presence. A batch's pairs are written
 * to Redis in one round trip. Other records are ignored, so new kinds of message events never break this reader.
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
    public Uni<Void> consume(ConsumerRecords<String, JsonNode> records) {
        List<ConsumerRecord<String, JsonNode>> batch = new ArrayList<>(records.count());
        Map<String, Set<String>> contactsOf = new HashMap<>();
        for (ConsumerRecord<String, JsonNode> record : records) {
            batch.add(record);
            learn(record.value(), contactsOf);
        }
        return replay.applyAll(batch, () -> contacts.connectAll(contactsOf), "contacts");
    }

    private static void learn(JsonNode event, Map<String, Set<String>> contactsOf) {
        if (event == null || !"message_stored".equals(event.path("type").asText())) {
            return;
        }
        String senderId = event.path("message").path("senderId").asText("");
        String receiverId = event.path("message").path("receiverId").asText("");
        if (senderId.isBlank() || receiverId.isBlank() || senderId.equals(receiverId)) {
            return;
        }
        contactsOf.computeIfAbsent(senderId, user -> new HashSet<>()).add(receiverId);
        contactsOf.computeIfAbsent(receiverId, user -> new HashSet<>()).add(senderId);
    }
}
