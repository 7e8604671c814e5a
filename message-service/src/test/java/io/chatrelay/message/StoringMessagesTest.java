package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** message-service against the real broker and database: a command in, a stored row and an event out. */
@QuarkusTest
class StoringMessagesTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe events;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeEach
    void watchEvents() {
        events = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_EVENTS);
    }

    @AfterEach
    void stopWatching() {
        events.close();
    }

    @Test
    void aSendCommandIsStoredWithTheNextSeqAndPublished() throws Exception {
        JsonNode first = storedEventFor(send(alice, bob, null, "hello bob"));
        JsonNode second = storedEventFor(send(bob, alice, null, "hi alice"));

        JsonNode message = first.get("message");
        assertEquals(ConversationIds.direct(alice, bob), message.get("conversationId").asText());
        assertEquals(alice, message.get("senderId").asText());
        assertEquals(bob, message.get("receiverId").asText());
        assertEquals("hello bob", message.get("content").asText());
        assertEquals("text", message.get("type").asText());
        assertEquals("sent", message.get("status").asText());
        assertEquals(1, message.get("seq").asLong());
        assertTrue(message.get("createdAt").asText().endsWith("Z"), "createdAt is ISO-8601 UTC");
        assertEquals(2, second.get("message").get("seq").asLong(), "same conversation, next seq");
        assertEquals(1, rowsFrom(alice));
        assertEquals("hello bob", contentOf(UUID.fromString(message.get("id").asText())));
    }

    @Test
    void theSameClientMessageIdNeverStoresASecondMessage() throws Exception {
        String clientMessageId = "c-" + UUID.randomUUID();
        JsonNode first = storedEventFor(send(alice, bob, clientMessageId, "once"));
        JsonNode again = storedEventFor(send(alice, bob, clientMessageId, "once"));

        assertEquals(first.get("message").get("id"), again.get("message").get("id"));
        assertFalse(first.get("duplicate").asBoolean());
        assertTrue(again.get("duplicate").asBoolean());
        assertEquals(1, rowsFrom(alice));
    }

    @Test
    void aBurstOfSendsIsStoredInOrderEachRepeatOnceAndARefusalStopsNoOther() throws Exception {
        // published back to back, the burst reaches the consumer in one or a few polls, each stored together
        List<SendMessage> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String clientMessageId = i % 3 == 2 ? burst.get(i - 1).clientMessageId() : "c-" + UUID.randomUUID();
            burst.add(command(alice, bob, clientMessageId, i == 13 ? "" : "burst " + i));
        }
        for (SendMessage command : burst) {
            publish(command);
        }

        long expectedSeq = 1;
        Map<String, String> idOfClientMessage = new HashMap<>();
        for (int i = 0; i < burst.size(); i++) {
            SendMessage command = burst.get(i);
            JsonNode answer = eventFor(command.origin().requestId());
            if (i == 13) {
                assertEquals("message_rejected", answer.get("type").asText(), "empty content is refused");
                continue;
            }
            JsonNode message = answer.get("message");
            String firstId = idOfClientMessage.putIfAbsent(command.clientMessageId(), message.get("id").asText());
            if (firstId == null) {
                assertFalse(answer.get("duplicate").asBoolean(), answer.toString());
                assertEquals(expectedSeq++, message.get("seq").asLong(), "seqs follow the order of the sends");
                assertEquals(command.content(), message.get("content").asText());
            } else {
                assertTrue(answer.get("duplicate").asBoolean(), "a repeated clientMessageId answers the first message");
                assertEquals(firstId, message.get("id").asText());
            }
        }
        assertEquals(expectedSeq - 1, rowsFrom(alice), "one row per distinct clientMessageId that was valid");
    }

    @Test
    void aRedeliveredCommandWithoutClientMessageIdIsStoredOnce() throws Exception {
        SendMessage command = command(alice, bob, null, "replayed");
        publish(command);
        JsonNode first = eventFor(command.origin().requestId());
        publish(command);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> events.receivedContaining(command.origin().requestId()).size() == 2);

        JsonNode replay = json.readTree(events.receivedContaining(command.origin().requestId()).get(1).value());
        assertEquals(first.get("message").get("id"), replay.get("message").get("id"));
        assertEquals(1, rowsFrom(alice));
    }

    @Test
    void invalidContentIsRejectedAndNothingIsStored() throws Exception {
        JsonNode rejected = eventFor(send(alice, bob, null, "x".repeat(4001)));

        assertEquals("message_rejected", rejected.get("type").asText());
        assertEquals("validation", rejected.get("code").asText());
        assertEquals(0, rowsFrom(alice));
    }

    @Test
    void aConversationIdThatDoesNotMatchTheParticipantsIsRejected() throws Exception {
        SendMessage forged = new SendMessage(new Origin("test", UUID.randomUUID().toString()),
                ConversationIds.direct(bob, "mallory"), alice, bob, null, MessageType.TEXT, "sneaky", Instant.now());
        publish(forged);

        assertEquals("validation", eventFor(forged.origin().requestId()).get("code").asText());
        assertEquals(0, rowsFrom(alice));
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextCommandStillWorks() throws Exception {
        events.publish(Topics.MESSAGE_COMMANDS, ConversationIds.direct(alice, bob), "{not json");

        assertEquals(1, storedEventFor(send(alice, bob, null, "after garbage")).get("message").get("seq").asLong());
    }

    private String send(String sender, String receiver, String clientMessageId, String content) throws Exception {
        SendMessage command = command(sender, receiver, clientMessageId, content);
        publish(command);
        return command.origin().requestId();
    }

    private static SendMessage command(String sender, String receiver, String clientMessageId, String content) {
        return new SendMessage(new Origin("test", UUID.randomUUID().toString()),
                ConversationIds.direct(sender, receiver), sender, receiver, clientMessageId, MessageType.TEXT,
                content, Instant.now());
    }

    private void publish(SendMessage command) throws Exception {
        events.publish(Topics.MESSAGE_COMMANDS, command.conversationId(), json.writeValueAsString(command));
    }

    private JsonNode storedEventFor(String requestId) throws Exception {
        JsonNode event = eventFor(requestId);
        assertEquals("message_stored", event.get("type").asText(), event.toString());
        return event;
    }

    private JsonNode eventFor(String requestId) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> !events.receivedContaining(requestId).isEmpty());
        return json.readTree(events.receivedContaining(requestId).get(0).value());
    }

    private int rowsFrom(String senderId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select count(*) from messages where sender_id = ?")) {
            query.setString(1, senderId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private String contentOf(UUID id) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("select content from messages where id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
