package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.Origin;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendMany;
import static io.chatrelay.message.Api.statuses;
import static io.chatrelay.message.EventLog.newOrigin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receipts from the gateways on message.commands: mark_delivered, mark_read, catch_up_delivered. A cursor
 * event is published only when the cursor moved; a command with an origin always gets a command_result.
 */
@QuarkusTest
class ReceiptCommandsTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventLog events;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String conversation = ConversationIds.direct(alice, bob);

    @BeforeEach
    void watchEvents() {
        events = new EventLog(bootstrapServers, json);
    }

    @AfterEach
    void stopWatching() {
        events.close();
    }

    @Test
    void markDeliveredMovesTheReceiversCursorAndTellsTheSender() {
        List<String> ids = sendMany(alice, bob, 3);
        Origin origin = newOrigin();

        events.publish(new MarkDelivered(origin, conversation, bob, 2, ids.get(1)));

        JsonNode delivered = events.answerTo(origin, "messages_delivered");
        assertEquals(conversation, delivered.get("conversationId").asText());
        assertEquals(bob, delivered.get("userId").asText());
        assertEquals(alice, delivered.get("otherUserId").asText(), "the sender is the one to notify");
        assertEquals(2, delivered.get("upToSeq").asLong());
        assertEquals(ids.get(1), delivered.get("messageId").asText());
        assertTrue(delivered.get("deliveredAt").asText().endsWith("Z"));
        assertEquals(List.of(conversation), events.keysOf("messages_delivered", answering(origin)),
                "keyed by conversation");
        JsonNode result = events.answerTo(origin, "command_result");
        assertEquals(2, result.get("upToSeq").asLong());
        assertTrue(result.path("code").isMissingNode(), "ok results carry no code");
        assertEquals(List.of("sent", "delivered", "delivered"), statuses(alice, bob));
    }

    @Test
    void aRepeatedOrOlderReceiptMovesNothingPublishesNothingButIsStillAnswered() {
        List<String> ids = sendMany(alice, bob, 3);
        events.publish(new MarkDelivered(null, conversation, bob, 3, ids.get(2)));
        events.await("messages_delivered", about(bob));

        Origin replay = newOrigin();
        events.publish(new MarkDelivered(replay, conversation, bob, 3, ids.get(2)));
        Origin older = newOrigin();
        events.publish(new MarkDelivered(older, conversation, bob, 1, ids.get(0)));

        assertEquals(3, events.answerTo(replay, "command_result").get("upToSeq").asLong());
        assertEquals(3, events.answerTo(older, "command_result").get("upToSeq").asLong(), "never backwards");
        assertEquals(1, events.all("messages_delivered", about(bob)).size(), "one event for one move");
    }

    @Test
    void aBurstOfReceiptsMovesTheCursorInOrderAndTellsTheSenderOfEachMessageThatMovedIt() {
        List<String> ids = sendMany(alice, bob, 6);
        List<Origin> origins = new ArrayList<>();
        // published back to back: one per delivered message as a gateway sends them, one late and out of order
        for (int seq : new int[] {1, 2, 3, 5, 4, 6}) {
            Origin origin = newOrigin();
            origins.add(origin);
            events.publish(new MarkDelivered(origin, conversation, bob, seq, ids.get(seq - 1)));
        }

        List<Long> cursors = origins.stream()
                .map(origin -> events.answerTo(origin, "command_result").get("upToSeq").asLong())
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 5L, 5L, 6L), cursors, "the cursor after each receipt, never backwards");
        events.sync(conversation);
        List<String> deliveredIds = events.all("messages_delivered", about(bob)).stream()
                .map(event -> event.get("messageId").asText())
                .toList();
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(4), ids.get(5)), deliveredIds,
                "one event per receipt that moved the cursor, in order; the late one moved nothing");
        assertEquals(List.of("delivered", "delivered", "delivered", "delivered", "delivered", "delivered"),
                statuses(alice, bob));
    }

    @Test
    void aCursorIsCappedAtTheConversationsLastMessage() {
        sendMany(alice, bob, 2);
        Origin origin = newOrigin();

        events.publish(new MarkDelivered(origin, conversation, bob, 1_000, null));

        assertEquals(2, events.answerTo(origin, "messages_delivered").get("upToSeq").asLong());
        assertEquals(2, events.answerTo(origin, "command_result").get("upToSeq").asLong());
        assertEquals(3, send(alice, bob, "later").getInt("seq"));
        assertEquals(List.of("sent", "delivered", "delivered"), statuses(alice, bob), "the later one is not delivered");
    }

    @Test
    void markReadUpToTheLatestMessageImpliesDelivery() {
        sendMany(alice, bob, 3);
        Origin origin = newOrigin();

        events.publish(new MarkRead(origin, conversation, bob, null));

        JsonNode read = events.answerTo(origin, "messages_read");
        assertEquals(bob, read.get("userId").asText());
        assertEquals(alice, read.get("otherUserId").asText());
        assertEquals(3, read.get("upToSeq").asLong());
        assertTrue(read.get("readAt").asText().endsWith("Z"));
        assertEquals(3, events.answerTo(origin, "command_result").get("upToSeq").asLong());
        assertEquals(List.of("read", "read", "read"), statuses(alice, bob));

        Origin delivered = newOrigin();
        events.publish(new MarkDelivered(delivered, conversation, bob, 3, null));
        assertEquals(3, events.answerTo(delivered, "command_result").get("upToSeq").asLong());
        assertTrue(events.all("messages_delivered", about(bob)).isEmpty(), "reading already delivered them");
    }

    @Test
    void markReadUpToASeqLeavesLaterMessagesUnread() {
        sendMany(alice, bob, 3);
        Origin origin = newOrigin();

        events.publish(new MarkRead(origin, conversation, bob, 2L));

        assertEquals(2, events.answerTo(origin, "messages_read").get("upToSeq").asLong());
        assertEquals(List.of("sent", "read", "read"), statuses(alice, bob));
        Origin again = newOrigin();
        events.publish(new MarkRead(again, conversation, bob, 1L));
        assertEquals(2, events.answerTo(again, "command_result").get("upToSeq").asLong());
        assertEquals(1, events.all("messages_read", about(bob)).size());
    }

    @Test
    void onlyAParticipantMayMoveACursor() {
        sendMany(alice, bob, 1);
        String mallory = newUser("mallory");
        Origin delivered = newOrigin();
        Origin read = newOrigin();

        events.publish(new MarkDelivered(delivered, conversation, mallory, 1, null));
        events.publish(new MarkRead(read, conversation, mallory, null));

        assertFailure(events.answerTo(delivered, "command_result"), "forbidden");
        assertFailure(events.answerTo(read, "command_result"), "forbidden");
        assertTrue(events.all("messages_delivered", about(mallory)).isEmpty());
        assertTrue(events.all("messages_read", about(mallory)).isEmpty());
        assertEquals(List.of("sent"), statuses(alice, bob));
    }

    @Test
    void anUnknownConversationIsNotFoundAndInvalidCommandsAreRefused() {
        Origin unknown = newOrigin();
        Origin zero = newOrigin();
        Origin noUser = newOrigin();
        Origin negative = newOrigin();

        events.publish(new MarkDelivered(unknown, conversation, bob, 1, null));
        events.publish(new MarkDelivered(zero, conversation, bob, 0, null));
        events.publish(new MarkRead(noUser, conversation, null, null));
        events.publish(new MarkRead(negative, conversation, bob, -1L));

        assertFailure(events.answerTo(unknown, "command_result"), "not_found");
        assertFailure(events.answerTo(zero, "command_result"), "validation");
        assertFailure(events.answerTo(noUser, "command_result"), "validation");
        assertFailure(events.answerTo(negative, "command_result"), "validation");
        assertEquals(conversation, events.answerTo(unknown, "command_result").get("conversationId").asText());
    }

    @Test
    void aReceiptWithoutOriginGetsNoCommandResult() {
        sendMany(alice, bob, 1);

        events.publish(new MarkDelivered(null, conversation, bob, 1, null));
        events.await("messages_delivered", about(bob));
        events.sync(conversation);

        assertTrue(events.all("command_result", event -> conversation.equals(event.path("conversationId").asText())
                && !"validation".equals(event.path("code").asText())).isEmpty());
        assertTrue(events.all("messages_delivered", about(bob)).get(0).path("origin").isMissingNode());
    }

    @Test
    void catchUpDeliversEveryConversationWithNewsFromTheOtherSideInOneGo() {
        String carol = newUser("carol");
        String dave = newUser("dave");
        String erin = newUser("erin");
        sendMany(alice, bob, 2);                 // bob has news from alice: 2 messages
        send(carol, bob, "hi");                  // bob has news from carol, then wrote back
        send(bob, carol, "hello");
        send(dave, bob, "old news");             // bob already has dave's message
        events.publish(new MarkDelivered(null, ConversationIds.direct(bob, dave), bob, 1, null));
        events.await("messages_delivered", about(bob));
        send(bob, erin, "only bob wrote here");  // nothing to deliver to bob
        Origin origin = newOrigin();

        events.publish(new CatchUpDelivered(origin, bob));

        JsonNode result = events.answerTo(origin, "command_result");
        assertTrue(result.path("code").isMissingNode(), result.toString());
        List<JsonNode> caughtUp = events.all("messages_delivered", answering(origin));
        assertEquals(2, caughtUp.size(), caughtUp.toString());
        JsonNode fromAlice = only(caughtUp, ConversationIds.direct(alice, bob));
        assertEquals(alice, fromAlice.get("otherUserId").asText());
        assertEquals(2, fromAlice.get("upToSeq").asLong());
        assertTrue(fromAlice.path("messageId").isMissingNode(), "a catch-up names no single message");
        JsonNode fromCarol = only(caughtUp, ConversationIds.direct(bob, carol));
        assertEquals(carol, fromCarol.get("otherUserId").asText());
        assertEquals(2, fromCarol.get("upToSeq").asLong(), "up to the conversation's last message");
        assertEquals(List.of("delivered", "delivered"), statuses(alice, bob));
        assertEquals(List.of("sent", "delivered"), statuses(carol, bob), "bob's own message stays sent for carol");
        assertEquals(List.of("sent"), statuses(bob, erin));

        Origin again = newOrigin();
        events.publish(new CatchUpDelivered(again, bob));
        assertTrue(events.answerTo(again, "command_result").path("code").isMissingNode());
        assertTrue(events.all("messages_delivered", answering(again)).isEmpty(), "nothing new: nothing published");
    }

    @Test
    void aCatchUpReadsOnlyConversationsActiveSinceTheUsersPreviousOne() throws SQLException {
        String carol = newUser("carol");
        sendMany(alice, bob, 1);
        catchUp(bob);
        sendMany(alice, bob, 1);                 // news since bob's catch-up: found
        send(carol, bob, "quiet for a day");     // made to look older than bob's catch-up: not read again
        backdate(ConversationIds.direct(bob, carol), Duration.ofDays(1));

        List<JsonNode> caughtUp = catchUp(bob);

        assertEquals(1, caughtUp.size(), caughtUp.toString());
        assertEquals(conversation, caughtUp.get(0).get("conversationId").asText());
        assertEquals(2, caughtUp.get(0).get("upToSeq").asLong());
        assertEquals(List.of("sent"), statuses(carol, bob));
    }

    private List<JsonNode> catchUp(String userId) {
        Origin origin = newOrigin();
        events.publish(new CatchUpDelivered(origin, userId));
        assertTrue(events.answerTo(origin, "command_result").path("code").isMissingNode());
        return events.all("messages_delivered", answering(origin));
    }

    private void backdate(String conversationId, Duration by) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update conversations set last_activity_at = now() - make_interval(secs => ?) where id = ?")) {
            update.setLong(1, by.toSeconds());
            update.setString(2, conversationId);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static void assertFailure(JsonNode result, String code) {
        assertEquals(code, result.path("code").asText(), result.toString());
        assertFalse(result.path("reason").asText().isBlank(), "a failure says why");
        assertTrue(result.path("upToSeq").isMissingNode());
    }

    private static Predicate<JsonNode> about(String userId) {
        return event -> userId.equals(event.path("userId").asText());
    }

    private static Predicate<JsonNode> answering(Origin origin) {
        return event -> origin.requestId().equals(event.path("origin").path("requestId").asText());
    }

    private static JsonNode only(List<JsonNode> events, String conversationId) {
        List<JsonNode> matching = events.stream()
                .filter(event -> conversationId.equals(event.get("conversationId").asText())).toList();
        assertEquals(1, matching.size(), events.toString());
        return matching.get(0);
    }
}
