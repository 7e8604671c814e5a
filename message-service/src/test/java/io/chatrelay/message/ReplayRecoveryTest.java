package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendMany;
import static io.chatrelay.message.Api.sendToRoom;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /internal/messages/replay: what a reconnecting device missed, for the gateways. */
@QuarkusTest
class ReplayRecoveryTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private RoomFeed rooms;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String carol = newUser("carol");

    @BeforeEach
    void watch() {
        HealthChecks.awaitReady();
        rooms = new RoomFeed(bootstrapServers, json, database);
    }

    @AfterEach
    void stopWatching() {
        rooms.close();
    }

    private static JsonPath replay(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/internal/messages/replay")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void onlyMessagesAfterTheGivenSeqsOfTheCallersConversationsInOrder() {
        sendMany(alice, bob, 3);
        send(bob, alice, "4");
        sendMany(carol, alice, 2);
        send(carol, bob, "not alice's");
        String withBob = ConversationIds.direct(alice, bob);
        String withCarol = ConversationIds.direct(alice, carol);
        String notHers = ConversationIds.direct(bob, carol);
        as(bob).body(Map.of("otherUserId", carol)).post("/api/messages/read").then().statusCode(200);

        JsonPath answer = replay(Map.of("userId", alice,
                "conversations", Map.of(withBob, 1, withCarol, 0, notHers, 0)));

        List<String> expectedOrder = withBob.compareTo(withCarol) < 0
                ? List.of(withBob, withBob, withBob, withCarol, withCarol)
                : List.of(withCarol, withCarol, withBob, withBob, withBob);
        assertEquals(expectedOrder, answer.getList("messages.conversationId"));
        List<Long> bobSeqs = seqsOf(answer, withBob);
        assertEquals(List.of(2L, 3L, 4L), bobSeqs);
        assertEquals(List.of(1L, 2L), seqsOf(answer, withCarol));
        assertFalse(answer.getBoolean("truncated"));
        assertFalse(answer.getList("messages.content").contains("not alice's"));
        assertFalse(answer.getList("cursors.conversationId").contains(notHers), "no cursor of others' conversations");
    }

    @Test
    void sinceCoversUnlistedConversationsOnly() {
        sendMany(alice, bob, 2);
        Instant cut = Instant.now();
        sleep(50);
        send(alice, bob, "after cut");
        send(carol, alice, "carol after cut");
        String withBob = ConversationIds.direct(alice, bob);

        JsonPath withoutSince = replay(Map.of("userId", alice, "conversations", Map.of(withBob, 2)));
        assertEquals(List.of("after cut"), withoutSince.getList("messages.content"));

        JsonPath withSince = replay(Map.of("userId", alice, "conversations", Map.of(withBob, 0),
                "since", cut.toString()));
        List<String> contents = withSince.getList("messages.content");
        assertEquals(4, contents.size(), contents.toString());
        assertTrue(contents.containsAll(List.of("1", "2", "after cut", "carol after cut")));

        JsonPath nothing = replay(Map.of("userId", alice, "conversations", Map.of()));
        assertEquals(List.of(), nothing.getList("messages"));
    }

    @Test
    void capsTheAnswerAndSaysItIsTruncated() {
        sendMany(alice, bob, 5);
        String withBob = ConversationIds.direct(alice, bob);
        JsonPath capped = replay(Map.of("userId", bob, "conversations", Map.of(withBob, 0), "limit", 3));
        assertEquals(List.of(1L, 2L, 3L), capped.getList("messages.seq", Long.class));
        assertTrue(capped.getBoolean("truncated"));
        JsonPath rest = replay(Map.of("userId", bob, "conversations", Map.of(withBob, 3), "limit", 3));
        assertEquals(List.of(4L, 5L), rest.getList("messages.seq", Long.class));
        assertFalse(rest.getBoolean("truncated"));
    }

    @Test
    void roomsOfMembersOnlyAndTheOtherParticipantsCursors() {
        String roomId = rooms.create(alice, bob);
        String otherRoom = rooms.create(carol);
        sendToRoom(alice, roomId, "r1");
        sendToRoom(bob, roomId, "r2");
        sendToRoom(carol, otherRoom, "secret");
        sendMany(alice, bob, 3);
        String withBob = ConversationIds.direct(alice, bob);
        as(bob).body(Map.of("otherUserId", alice)).post("/api/messages/read").then().statusCode(200)
                .body("upToSeq", equalTo(3));

        Map<String, Object> positions = new HashMap<>();
        positions.put(ConversationIds.room(roomId), 0);
        positions.put(ConversationIds.room(otherRoom), 0);
        positions.put(withBob, 1);
        JsonPath answer = replay(Map.of("userId", alice, "conversations", positions));
        assertEquals(List.of(1L, 2L), seqsOf(answer, ConversationIds.room(roomId)));
        assertEquals(List.of(), seqsOf(answer, ConversationIds.room(otherRoom)), "not a member");
        assertEquals(List.of("read", "read"), answer.getList("messages.findAll { it.conversationId == '"
                + withBob + "' }.status"));
        assertEquals(List.of(bob), answer.getList("cursors.userId"));
        assertEquals(3, answer.getInt("cursors[0].readSeq"));
        assertEquals(3, answer.getInt("cursors[0].deliveredSeq"));

        rooms.remove(roomId, 2, bob);
        JsonPath removed = replay(Map.of("userId", bob, "conversations", Map.of(ConversationIds.room(roomId), 0)));
        assertEquals(List.of(), removed.getList("messages"));
    }

    @Test
    void manyDevicesInOneCallAnswerInTheirOrderAndABadQueryFailsAlone() {
        sendMany(alice, bob, 2);
        send(carol, alice, "from carol");
        String withBob = ConversationIds.direct(alice, bob);
        String withCarol = ConversationIds.direct(alice, carol);

        JsonPath answers = given().contentType(ContentType.JSON).body(List.of(
                        Map.of("userId", bob, "conversations", Map.of(withBob, 1)),
                        Map.of("userId", "", "conversations", Map.of()),
                        Map.of("userId", alice, "conversations", Map.of(withBob, 0, withCarol, 0))))
                .post("/internal/messages/replays")
                .then().statusCode(200)
                .extract().jsonPath();

        assertEquals(3, answers.getList("$").size());
        assertEquals(List.of(2L), answers.getList("[0].replay.messages.seq", Long.class));
        assertEquals("validation", answers.getString("[1].error.code"));
        assertNull(answers.get("[1].replay"));
        assertEquals(List.of(1L, 2L), seqsOf(answers.setRootPath("[2].replay"), withBob));
        assertEquals(List.of("from carol"), answers.setRootPath("[2].replay")
                .getList("messages.findAll { it.conversationId == '" + withCarol + "' }.content"));
    }

    @Test
    void aCallOfNoneOrTooManyQueriesIsRefused() {
        given().contentType(ContentType.JSON).body(List.of())
                .post("/internal/messages/replays").then().statusCode(400).body("code", equalTo("validation"));
        List<Map<String, Object>> tooMany = java.util.Collections.nCopies(257, Map.of("userId", alice));
        given().contentType(ContentType.JSON).body(tooMany)
                .post("/internal/messages/replays").then().statusCode(400).body("code", equalTo("validation"));
        given().contentType(ContentType.JSON).body(Map.of("userId", alice))
                .post("/internal/messages/replays").then().statusCode(400).body("code", equalTo("validation"));
    }

    @Test
    void badInputIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("conversations", Map.of()))
                .post("/internal/messages/replay").then().statusCode(400).body("code", equalTo("validation"));
        given().contentType(ContentType.JSON).body(Map.of("userId", alice, "limit", 1001))
                .post("/internal/messages/replay").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("userId", alice, "conversations", Map.of("d-x", -1)))
                .post("/internal/messages/replay").then().statusCode(400);
    }

    private static List<Long> seqsOf(JsonPath answer, String conversationId) {
        return answer.getList("messages.findAll { it.conversationId == '" + conversationId + "' }.seq", Long.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
