package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.message.ConversationIds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendMany;
import static io.chatrelay.message.Api.statuses;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/messages/delivered and /api/messages/read: receipts by the receiver, published when they move. */
@QuarkusTest
class ReceiptsOverRestTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventLog events;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String carol = newUser("carol");
    private final String aliceAndBob = ConversationIds.direct(alice, bob);

    @BeforeEach
    void watchEvents() {
        events = new EventLog(bootstrapServers, json);
    }

    @AfterEach
    void stopWatching() {
        events.close();
    }

    @Test
    void messageIdsDeliverUpToTheNewestOfThemPerConversation() {
        List<String> fromAlice = sendMany(alice, bob, 3);
        List<String> fromCarol = sendMany(carol, bob, 2);

        as(bob).body(Map.of("messageIds", List.of(fromAlice.get(1), fromAlice.get(0), fromCarol.get(1))))
                .post("/api/messages/delivered")
                .then().statusCode(200)
                .body("updated.find { it.conversationId == '" + aliceAndBob + "' }.upToSeq", equalTo(2))
                .body("updated.find { it.conversationId == '" + ConversationIds.direct(bob, carol) + "' }.upToSeq",
                        equalTo(2))
                .body("updated.size()", equalTo(2));

        JsonNode toAlice = events.await("messages_delivered", about(bob, aliceAndBob));
        assertEquals(alice, toAlice.get("otherUserId").asText());
        assertEquals(2, toAlice.get("upToSeq").asLong());
        assertTrue(toAlice.path("messageId").isMissingNode());
        assertEquals(carol, events.await("messages_delivered", about(bob, ConversationIds.direct(bob, carol)))
                .get("otherUserId").asText());
        assertEquals(List.of("sent", "delivered", "delivered"), statuses(alice, bob));
        assertEquals(List.of("delivered", "delivered"), statuses(carol, bob));
    }

    @Test
    void aConversationCursorDeliversUpToASeqCappedAtTheLastMessage() {
        sendMany(alice, bob, 2);

        as(bob).body(Map.of("conversationId", aliceAndBob, "upToSeq", 99))
                .post("/api/messages/delivered")
                .then().statusCode(200)
                .body("updated[0].conversationId", equalTo(aliceAndBob))
                .body("updated[0].upToSeq", equalTo(2));

        assertEquals(2, events.await("messages_delivered", about(bob, aliceAndBob)).get("upToSeq").asLong());
    }

    @Test
    void aReceiptThatMovesNothingUpdatesNothingAndPublishesNothing() {
        List<String> ids = sendMany(alice, bob, 3);
        as(bob).body(Map.of("conversationId", aliceAndBob, "upToSeq", 3)).post("/api/messages/delivered")
                .then().statusCode(200);

        as(bob).body(Map.of("conversationId", aliceAndBob, "upToSeq", 3)).post("/api/messages/delivered")
                .then().statusCode(200).body("updated", empty());
        as(bob).body(Map.of("conversationId", aliceAndBob, "upToSeq", 1)).post("/api/messages/delivered")
                .then().statusCode(200).body("updated", empty());
        as(bob).body(Map.of("messageIds", List.of(ids.get(0)))).post("/api/messages/delivered")
                .then().statusCode(200).body("updated", empty());

        events.sync(aliceAndBob);
        assertEquals(1, events.all("messages_delivered", about(bob, aliceAndBob)).size());
        assertEquals(List.of("delivered", "delivered", "delivered"), statuses(alice, bob), "never backwards");
    }

    @Test
    void messageIdsOfSomeoneElsesConversationChangeNothing() {
        String bobToCarol = send(bob, carol, "private").getString("id");
        String aliceToBob = send(alice, bob, "alice's own message").getString("id");

        as(alice).body(Map.of("messageIds", List.of(bobToCarol, aliceToBob)))
                .post("/api/messages/delivered")
                .then().statusCode(200).body("updated", empty());

        events.sync(ConversationIds.direct(bob, carol));
        events.sync(aliceAndBob);
        assertTrue(events.all("messages_delivered", event -> alice.equals(event.path("userId").asText())
                || ConversationIds.direct(bob, carol).equals(event.path("conversationId").asText())).isEmpty());
        assertEquals(List.of("sent"), statuses(bob, carol));
        assertEquals(List.of("sent"), statuses(alice, bob), "a sender cannot deliver their own message");
    }

    @Test
    void aConversationCursorOfSomeoneElsesConversationIsForbiddenAndAnUnknownOneNotFound() {
        send(bob, carol, "private");

        as(alice).body(Map.of("conversationId", ConversationIds.direct(bob, carol), "upToSeq", 1))
                .post("/api/messages/delivered")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(alice).body(Map.of("conversationId", aliceAndBob, "upToSeq", 1))
                .post("/api/messages/delivered")
                .then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(List.of("sent"), statuses(bob, carol));
    }

    @Test
    void readMarksEverythingTheOtherUserWroteAsReadAndImpliesDelivery() {
        sendMany(alice, bob, 3);

        as(bob).body(Map.of("otherUserId", alice)).post("/api/messages/read")
                .then().statusCode(200)
                .body("conversationId", equalTo(aliceAndBob))
                .body("upToSeq", equalTo(3));

        JsonNode read = events.await("messages_read", about(bob, aliceAndBob));
        assertEquals(alice, read.get("otherUserId").asText());
        assertEquals(3, read.get("upToSeq").asLong());
        assertEquals(List.of("read", "read", "read"), statuses(alice, bob));
        as(bob).body(Map.of("conversationId", aliceAndBob, "upToSeq", 3)).post("/api/messages/delivered")
                .then().statusCode(200).body("updated", empty());
    }

    @Test
    void readingAgainKeepsTheCursorAndPublishesNothing() {
        sendMany(alice, bob, 2);
        as(bob).body(Map.of("otherUserId", alice)).post("/api/messages/read").then().statusCode(200);

        as(bob).body(Map.of("otherUserId", alice)).post("/api/messages/read")
                .then().statusCode(200).body("upToSeq", equalTo(2));

        events.sync(aliceAndBob);
        assertEquals(1, events.all("messages_read", about(bob, aliceAndBob)).size());
    }

    @Test
    void readingAConversationThatDoesNotExistIsNotFound() {
        as(alice).body(Map.of("otherUserId", newUser("stranger"))).post("/api/messages/read")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    private static Predicate<JsonNode> about(String userId, String conversationId) {
        return event -> userId.equals(event.path("userId").asText())
                && conversationId.equals(event.path("conversationId").asText());
    }
}
