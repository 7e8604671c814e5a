package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.SendMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.history;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/messages: the same message, rules and fan-out as a send over a socket. */
@QuarkusTest
class SendingOverRestTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventLog events;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");

    @BeforeEach
    void watchEvents() {
        events = new EventLog(bootstrapServers, json);
    }

    @AfterEach
    void stopWatching() {
        events.close();
    }

    @Test
    void aMessagePostedIsStoredAnsweredWith201AndPublishedForTheGateways() {
        JsonPath message = as(alice)
                .body(Map.of("receiverId", bob, "content", "hi bob", "type", "text", "clientMessageId", "c-1"))
                .post("/api/messages")
                .then().statusCode(201)
                .body("senderId", equalTo(alice))
                .body("receiverId", equalTo(bob))
                .body("conversationId", equalTo(ConversationIds.direct(alice, bob)))
                .body("content", equalTo("hi bob"))
                .body("type", equalTo("text"))
                .body("clientMessageId", equalTo("c-1"))
                .body("seq", equalTo(1))
                .body("status", equalTo("sent"))
                .extract().jsonPath();

        assertTrue(message.getString("createdAt").endsWith("Z"), "createdAt is ISO-8601 UTC");
        JsonNode stored = events.await("message_stored", isMessage(message.getString("id")));
        assertTrue(stored.path("origin").isMissingNode() || stored.path("origin").isNull(), "no gateway waits for it");
        assertFalse(stored.get("duplicate").asBoolean());
        assertEquals(bob, stored.get("message").get("receiverId").asText());
        assertEquals(ConversationIds.direct(alice, bob),
                events.keysOf("message_stored", isMessage(message.getString("id"))).get(0), "keyed by conversation");
        assertEquals(message.getString("id"), history(bob, alice, "").getString("messages[0].id"));
    }

    @Test
    void theSenderIsTheTokensSubjectWhateverTheBodySays() {
        as(alice).body(Map.of("receiverId", bob, "content", "it's me", "senderId", "mallory"))
                .post("/api/messages")
                .then().statusCode(201)
                .body("senderId", equalTo(alice));
    }

    @Test
    void typeDefaultsToTextAndAttachmentsCarryAUrl() {
        as(alice).body(Map.of("receiverId", bob, "content", "no type")).post("/api/messages")
                .then().statusCode(201).body("type", equalTo("text"));
        as(alice).body(Map.of("receiverId", bob, "content", "https://cdn.example.com/cat.png", "type", "image"))
                .post("/api/messages")
                .then().statusCode(201).body("type", equalTo("image"));
    }

    @Test
    void aRepeatedClientMessageIdReturnsTheFirstMessageWith200AndStoresNothing() {
        Map<String, String> body = Map.of("receiverId", bob, "content", "only once", "clientMessageId", "c-42");
        String firstId = as(alice).body(body).post("/api/messages").then().statusCode(201).extract().path("id");

        as(alice).body(body).post("/api/messages")
                .then().statusCode(200)
                .body("id", equalTo(firstId))
                .body("seq", equalTo(1));

        assertEquals(1, history(alice, bob, "").getList("messages").size());
        assertTrue(events.await("message_stored", event -> event.get("duplicate").asBoolean()
                && firstId.equals(event.get("message").get("id").asText())) != null, "republished as a duplicate");
        assertEquals(2, send(alice, bob, "next").getInt("seq"), "the repeat took no seq");
    }

    @Test
    void theSameClientMessageIdFromAnotherSenderIsAnotherMessage() {
        Map<String, String> body = Map.of("receiverId", bob, "content", "same id", "clientMessageId", "c-7");
        as(alice).body(body).post("/api/messages").then().statusCode(201);

        as(bob).body(Map.of("receiverId", alice, "content", "same id", "clientMessageId", "c-7"))
                .post("/api/messages").then().statusCode(201).body("seq", equalTo(2));
    }

    @Test
    void socketAndRestSendsShareOneConversationAndOneSequence() {
        SendMessage overSocket = new SendMessage(EventLog.newOrigin(), ConversationIds.direct(alice, bob), alice, bob,
                null, MessageType.TEXT, "from a socket", Instant.now());
        events.publish(overSocket);
        assertEquals(1, events.answerTo(overSocket.origin(), "message_stored").get("message").get("seq").asLong());

        assertEquals(2, send(bob, alice, "from REST").getInt("seq"));
    }

    private static Predicate<JsonNode> isMessage(String id) {
        return event -> id.equals(event.path("message").path("id").asText());
    }
}
