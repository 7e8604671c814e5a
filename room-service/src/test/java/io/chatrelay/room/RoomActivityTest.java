package io.chatrelay.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * room-service follows message.events (the test plays message-service): a room's last activity is its latest
 * stored message, so GET /api/rooms lists the most recently active room first.
 */
@QuarkusTest
class RoomActivityTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe messageEvents;
    private final String owner = "owner-" + UUID.randomUUID();
    private final String member = "member-" + UUID.randomUUID();

    @BeforeEach
    void playMessageService() {
        HealthChecks.awaitReady();
        messageEvents = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_EVENTS);
    }

    @AfterEach
    void stop() {
        messageEvents.close();
    }

    @Test
    void aStoredRoomMessageMovesTheRoomToTheTopOfItsMembersLists() {
        String older = createRoom("older");
        String newer = createRoom("newer");
        assertEquals(List.of(newer, older), roomIdsOf(member));

        Instant sentAt = now();
        publish(older, stored(older, sentAt));

        await().atMost(Duration.ofSeconds(15)).until(() -> roomIdsOf(member).equals(List.of(older, newer)));
        assertEquals(sentAt, lastActivityOf(owner, older));
        assertEquals(List.of(older, newer), roomIdsOf(owner));
    }

    @Test
    void lastActivityNeverMovesBackAndOtherEventsChangeNothing() {
        String roomId = createRoom("steady");
        String witness = createRoom("witness");
        Instant latest = now();
        publish(roomId, stored(roomId, latest));
        await().atMost(Duration.ofSeconds(15)).until(() -> latest.equals(lastActivityOf(owner, roomId)));

        publish(roomId, stored(roomId, latest.minus(1, ChronoUnit.HOURS)));            // late, out of order
        publish(roomId, new MessagesRead(null, ConversationIds.room(roomId), member, null, 1, now(), roomId));
        messageEvents.publish(Topics.MESSAGE_EVENTS, ConversationIds.room(roomId), "{not json");
        Instant witnessed = now();
        publish(roomId, stored(witness, witnessed));   // same partition, after the others: once seen, they were too

        await().atMost(Duration.ofSeconds(15)).until(() -> witnessed.equals(lastActivityOf(owner, witness)));
        assertEquals(latest, lastActivityOf(owner, roomId));
    }

    @Test
    void directMessagesAndMessagesOfUnknownRoomsDoNotDisturbIt() {
        String roomId = createRoom("busy");
        String stranger = UUID.randomUUID().toString();
        ChatMessage direct = new ChatMessage(UUID.randomUUID(), null, ConversationIds.direct(owner, member), owner,
                member, null, "hi", MessageType.TEXT, 1, MessageStatus.SENT, now());

        publish(roomId, new MessageStored(null, direct, false));
        publish(roomId, stored(stranger, now()));
        publish(roomId, stored("not-a-uuid", now()));
        Instant witnessed = now();
        publish(roomId, stored(roomId, witnessed));

        await().atMost(Duration.ofSeconds(15)).until(() -> witnessed.equals(lastActivityOf(owner, roomId)));
    }

    private static MessageStored stored(String roomId, Instant createdAt) {
        return new MessageStored(null, new ChatMessage(UUID.randomUUID(), null, ConversationIds.room(roomId),
                "someone", null, roomId, "hello", MessageType.TEXT, 1, MessageStatus.SENT, createdAt), false);
    }

    /** Keyed like message-service keys it; {@code partitionOf} names the room whose partition it goes to. */
    private void publish(String partitionOf, MessageEvent event) {
        try {
            messageEvents.publish(Topics.MESSAGE_EVENTS, ConversationIds.room(partitionOf),
                    json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String createRoom(String name) {
        return as(owner).body(Map.of("name", name, "memberIds", List.of(member)))
                .post("/api/rooms").then().statusCode(201).extract().path("id");
    }

    private static List<String> roomIdsOf(String userId) {
        return rooms(userId).getList("id");
    }

    private static Instant lastActivityOf(String userId, String roomId) {
        return Instant.parse(rooms(userId).getString("find { it.id == '" + roomId + "' }.lastActivityAt"));
    }

    private static JsonPath rooms(String userId) {
        return as(userId).get("/api/rooms").then().statusCode(200).extract().jsonPath();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static io.restassured.specification.RequestSpecification as(String userId) {
        return given().auth().oauth2(TestTokens.forUser(userId)).contentType("application/json");
    }
}
