package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendToRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/messages/conversations lists the caller's rooms among their direct conversations, by latest
 * activity, with the room's name and the caller's unread count.
 */
@QuarkusTest
class RoomConversationListTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private RoomFeed rooms;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String owner = newUser("owner");

    @BeforeEach
    void watch() {
        HealthChecks.awaitReady();
        rooms = new RoomFeed(bootstrapServers, json, database);
    }

    @AfterEach
    void stopWatching() {
        rooms.close();
    }

    @Test
    void roomsAndDirectConversationsAreOrderedTogetherByLatestActivity() {
        String quiet = rooms.create(owner, alice);
        send(bob, alice, "direct");
        String busy = rooms.create(owner, alice);
        sendToRoom(owner, busy, "1");
        sendToRoom(owner, busy, "2");
        sendToRoom(owner, busy, "3");
        String lastId = sendToRoom(alice, busy, "mine").getString("id");

        JsonPath list = conversations(alice, "");

        assertEquals(List.of(ConversationIds.room(busy), ConversationIds.direct(alice, bob),
                ConversationIds.room(quiet)), list.getList("conversationId"));
        assertEquals(List.of("room", "direct", "room"), list.getList("type"));
        assertEquals(Arrays.asList(busy, null, quiet), list.getList("roomId"));
        assertEquals("room " + busy.substring(0, 8), list.getString("[0].name"));
        assertEquals(lastId, list.getString("[0].lastMessage.id"));
        assertEquals(busy, list.getString("[0].lastMessage.roomId"));
        assertEquals(List.of(3, 1, 0), list.getList("unreadCount"), "others' messages beyond alice's cursor");
        Map<String, Object> direct = list.getMap("[1]");
        assertEquals(bob, direct.get("otherUserId"));
        assertFalse(direct.containsKey("roomId") || direct.containsKey("name"), direct.toString());
        Map<String, Object> withoutMessages = list.getMap("[2]");
        assertTrue(withoutMessages.containsKey("lastMessage"), "listed before anyone wrote");
        assertNull(withoutMessages.get("lastMessage"));
        assertFalse(withoutMessages.containsKey("otherUserId"));
    }

    @Test
    void readingARoomClearsItsUnreadCountForThatMemberOnly() {
        String roomId = rooms.create(owner, alice, bob);
        sendToRoom(owner, roomId, "1");
        sendToRoom(bob, roomId, "2");

        as(alice).body(Map.of("roomId", roomId)).post("/api/messages/read").then().statusCode(200);
        sendToRoom(owner, roomId, "3");

        assertEquals(1, conversations(alice, "").getInt("[0].unreadCount"));
        assertEquals(2, conversations(bob, "").getInt("[0].unreadCount"), "bob read nothing; his own one counts not");
        assertEquals(1, conversations(owner, "").getInt("[0].unreadCount"), "bob's message");
    }

    @Test
    void limitCutsTheMergedListAndARemovedMemberNoLongerSeesTheRoom() {
        String first = rooms.create(owner, alice);
        sendToRoom(owner, first, "1");
        send(bob, alice, "2");
        String third = rooms.create(owner, alice);
        sendToRoom(owner, third, "3");

        assertEquals(List.of(ConversationIds.room(third), ConversationIds.direct(alice, bob)),
                conversations(alice, "?limit=2").getList("conversationId"));

        rooms.remove(third, 2, alice);

        assertEquals(List.of(ConversationIds.direct(alice, bob), ConversationIds.room(first)),
                conversations(alice, "").getList("conversationId"));
    }

    private static JsonPath conversations(String userId, String query) {
        return as(userId).get("/api/messages/conversations" + query)
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
