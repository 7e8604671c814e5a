package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.sendToRoom;
import static io.chatrelay.message.EventLog.newOrigin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Room sends, from a gateway (message.commands) and over REST: members only, the room's conversation gets the
 * next seq, message_stored names the room.
 */
@QuarkusTest
class RoomMessagesTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventLog events;
    private RoomFeed rooms;
    private final String owner = newUser("owner");
    private final String member = newUser("member");
    private final String outsider = newUser("outsider");

    @BeforeEach
    void watch() {
        HealthChecks.awaitReady();
        events = new EventLog(bootstrapServers, json);
        rooms = new RoomFeed(bootstrapServers, json, database);
    }

    @AfterEach
    void stopWatching() {
        events.close();
        rooms.close();
    }

    @Test
    void aMembersSendFromAGatewayIsStoredInTheRoomsConversationAndPublished() {
        String roomId = rooms.create(owner, member);
        SendMessage first = toRoom(roomId, member, "c-1", "hello room");
        SendMessage second = toRoom(roomId, owner, null, "welcome");

        events.publish(first);
        events.publish(second);

        JsonNode stored = events.answerTo(first.origin(), "message_stored");
        JsonNode message = stored.get("message");
        assertEquals(ConversationIds.room(roomId), message.get("conversationId").asText());
        assertEquals(roomId, message.get("roomId").asText());
        assertEquals(member, message.get("senderId").asText());
        assertTrue(message.path("receiverId").isMissingNode(), "a room message has no receiver");
        assertEquals("hello room", message.get("content").asText());
        assertEquals("c-1", message.get("clientMessageId").asText());
        assertEquals(1, message.get("seq").asLong());
        assertEquals("sent", message.get("status").asText());
        assertFalse(stored.get("duplicate").asBoolean());
        assertEquals(2, events.answerTo(second.origin(), "message_stored").get("message").get("seq").asLong(),
                "the room's next seq");
        assertEquals(List.of(ConversationIds.room(roomId)), events.keysOf("message_stored",
                event -> first.origin().requestId().equals(event.path("origin").path("requestId").asText())),
                "keyed by the room's conversation");
        assertEquals(2, rooms.messagesIn(roomId));
    }

    @Test
    void aMembersSendOverRestIsStoredOnceAndPublishedWithTheRoom() {
        String roomId = rooms.create(owner, member);

        JsonPath sent = as(member).body(Map.of("roomId", roomId, "content", "over http", "type", "text",
                        "clientMessageId", "c-7"))
                .post("/api/messages")
                .then().statusCode(201)
                .body("roomId", equalTo(roomId))
                .body("conversationId", equalTo(ConversationIds.room(roomId)))
                .body("seq", equalTo(1))
                .extract().jsonPath();
        assertFalse(sent.getMap("").containsKey("receiverId"));

        as(member).body(Map.of("roomId", roomId, "content", "over http", "clientMessageId", "c-7"))
                .post("/api/messages")
                .then().statusCode(200).body("id", equalTo(sent.getString("id")));
        JsonNode published = events.await("message_stored",
                event -> sent.getString("id").equals(event.path("message").path("id").asText()));
        assertEquals(roomId, published.get("message").get("roomId").asText());
        assertEquals(1, rooms.messagesIn(roomId));
    }

    @Test
    void aNonMemberIsRefusedAsForbiddenAndNothingIsStored() {
        String roomId = rooms.create(owner, member);
        SendMessage intruding = toRoom(roomId, outsider, null, "let me in");

        events.publish(intruding);

        JsonNode rejected = events.answerTo(intruding.origin(), "message_rejected");
        assertEquals("forbidden", rejected.get("code").asText());
        assertEquals(outsider, rejected.get("senderId").asText());
        as(outsider).body(Map.of("roomId", roomId, "content", "let me in")).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        assertEquals(0, rooms.messagesIn(roomId));
    }

    @Test
    void aRemovedMemberIsRefusedFromThenOn() {
        String roomId = rooms.create(owner, member);
        sendToRoom(member, roomId, "still here");

        rooms.remove(roomId, 2, member);

        SendMessage afterwards = toRoom(roomId, member, null, "am I still here?");
        events.publish(afterwards);
        assertEquals("forbidden", events.answerTo(afterwards.origin(), "message_rejected").get("code").asText());
        as(member).body(Map.of("roomId", roomId, "content", "hello?")).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        assertEquals(1, rooms.messagesIn(roomId), "the old message stays");
        assertEquals(2, sendToRoom(owner, roomId, "bye").getInt("seq"));
    }

    @Test
    void aCommandWhoseConversationIsNotTheRoomsOrThatNamesBothTargetsIsInvalid() {
        String roomId = rooms.create(owner, member);
        SendMessage forged = new SendMessage(newOrigin(), ConversationIds.room("other"), member, null, null,
                MessageType.TEXT, "sneaky", Instant.now(), roomId);
        SendMessage both = new SendMessage(newOrigin(), ConversationIds.room(roomId), member, owner, null,
                MessageType.TEXT, "both", Instant.now(), roomId);

        events.publish(forged);
        events.publish(both);

        assertEquals("validation", events.answerTo(forged.origin(), "message_rejected").get("code").asText());
        assertEquals("validation", events.answerTo(both.origin(), "message_rejected").get("code").asText());
        as(member).body(Map.of("roomId", roomId, "receiverId", owner, "content", "both")).post("/api/messages")
                .then().statusCode(400).body("code", equalTo("validation"));
        assertEquals(0, rooms.messagesIn(roomId));
    }

    private static SendMessage toRoom(String roomId, String senderId, String clientMessageId, String content) {
        return new SendMessage(newOrigin(), ConversationIds.room(roomId), senderId, null, clientMessageId,
                MessageType.TEXT, content, Instant.now(), roomId);
    }
}
