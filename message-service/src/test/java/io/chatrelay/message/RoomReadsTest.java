package io.chatrelay.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.sendToRoom;
import static io.chatrelay.message.EventLog.newOrigin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read state in rooms: one read cursor per member, moved by mark_read on the room's conversation (gateways)
 * or POST /api/messages/read {roomId}; messages_read names the room. Rooms keep no delivery receipts.
 */
@QuarkusTest
class RoomReadsTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventLog events;
    private RoomFeed rooms;
    private final String owner = newUser("owner");
    private final String ann = newUser("ann");
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
    void markReadOnARoomMovesTheMembersCursorAndPublishesMessagesReadWithTheRoom() {
        String roomId = rooms.create(owner, ann);
        String conversation = ConversationIds.room(roomId);
        sendToRoom(owner, roomId, "1");
        sendToRoom(owner, roomId, "2");
        Origin origin = newOrigin();

        events.publish(new MarkRead(origin, conversation, ann, null));

        JsonNode read = events.answerTo(origin, "messages_read");
        assertEquals(conversation, read.get("conversationId").asText());
        assertEquals(roomId, read.get("roomId").asText());
        assertEquals(ann, read.get("userId").asText());
        assertTrue(read.path("otherUserId").isMissingNode(), "a room has no other user");
        assertEquals(2, read.get("upToSeq").asLong());
        JsonNode result = events.answerTo(origin, "command_result");
        assertEquals(2, result.get("upToSeq").asLong());
        assertTrue(result.path("code").isMissingNode(), result.toString());

        Origin again = newOrigin();
        events.publish(new MarkRead(again, conversation, ann, null));
        assertEquals(2, events.answerTo(again, "command_result").get("upToSeq").asLong());
        assertEquals(1, events.all("messages_read", event -> ann.equals(event.path("userId").asText())).size(),
                "nothing moved the second time: nothing published");
    }

    @Test
    void restReadOfARoomAnswersTheCursor() {
        String roomId = rooms.create(owner, ann);
        sendToRoom(owner, roomId, "1");
        sendToRoom(ann, roomId, "2");
        sendToRoom(owner, roomId, "3");

        as(ann).body(Map.of("roomId", roomId)).post("/api/messages/read")
                .then().statusCode(200)
                .body("conversationId", equalTo(ConversationIds.room(roomId)))
                .body("upToSeq", equalTo(3));

        JsonNode read = events.await("messages_read", event -> roomId.equals(event.path("roomId").asText()));
        assertEquals(ann, read.get("userId").asText());
        assertTrue(read.path("origin").isMissingNode(), "no gateway waits for a REST read");
    }

    @Test
    void readingARoomWithoutMessagesMovesNothing() {
        String roomId = rooms.create(owner, ann);

        as(ann).body(Map.of("roomId", roomId)).post("/api/messages/read")
                .then().statusCode(200).body("upToSeq", equalTo(0));
    }

    @Test
    void onlyMembersReadARoom() {
        String roomId = rooms.create(owner, ann);
        sendToRoom(owner, roomId, "1");
        Origin origin = newOrigin();

        events.publish(new MarkRead(origin, ConversationIds.room(roomId), outsider, null));

        assertEquals("forbidden", events.answerTo(origin, "command_result").get("code").asText());
        as(outsider).body(Map.of("roomId", roomId)).post("/api/messages/read")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(ann).body(Map.of("roomId", java.util.UUID.randomUUID().toString())).post("/api/messages/read")
                .then().statusCode(404).body("code", equalTo("not_found"));
        as(ann).body(Map.of("roomId", roomId, "otherUserId", owner)).post("/api/messages/read")
                .then().statusCode(400).body("code", equalTo("validation"));
        assertTrue(events.all("messages_read", event -> roomId.equals(event.path("roomId").asText())).isEmpty());
    }

    @Test
    void roomsKeepNoDeliveryReceipts() {
        String roomId = rooms.create(owner, ann);
        sendToRoom(owner, roomId, "1");
        Origin origin = newOrigin();

        events.publish(new MarkDelivered(origin, ConversationIds.room(roomId), ann, 1, null));

        assertEquals("validation", events.answerTo(origin, "command_result").get("code").asText());
        as(ann).body(Map.of("conversationId", ConversationIds.room(roomId), "upToSeq", 1))
                .post("/api/messages/delivered")
                .then().statusCode(400).body("code", equalTo("validation"));
    }
}
