package io.chatrelay.message;

import io.chatrelay.contracts.message.ConversationIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendMany;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET /api/messages/conversations: the caller's direct conversations, latest activity first. */
@QuarkusTest
class ConversationListTest {

    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String carol = newUser("carol");
    private final String dave = newUser("dave");

    @Test
    void conversationsAreListedByLatestActivityWithTheLastMessageAndUnreadCount() {
        sendMany(bob, alice, 3);
        send(alice, carol, "hi carol");
        send(alice, bob, "answering bob");
        String lastFromDave = send(dave, alice, "dave here").getString("id");

        JsonPath list = conversations(alice, "");

        assertEquals(List.of(ConversationIds.direct(alice, dave), ConversationIds.direct(alice, bob),
                ConversationIds.direct(alice, carol)), list.getList("conversationId"));
        assertEquals(List.of(dave, bob, carol), list.getList("otherUserId"));
        assertEquals(List.of("direct", "direct", "direct"), list.getList("type"));
        assertEquals(List.of(1, 3, 0), list.getList("unreadCount"), "only the other user's messages count");
        assertEquals(lastFromDave, list.getString("[0].lastMessage.id"));
        assertEquals("answering bob", list.getString("[1].lastMessage.content"));
        assertEquals(4, list.getInt("[1].lastMessage.seq"));
        assertEquals("sent", list.getString("[1].lastMessage.status"));
    }

    @Test
    void readingAConversationClearsItsUnreadCountAndShowsOnTheLastMessage() {
        sendMany(bob, alice, 2);
        as(alice).body(Map.of("otherUserId", bob)).post("/api/messages/read").then().statusCode(200);
        send(bob, alice, "one more");

        assertEquals(1, conversations(alice, "").getInt("[0].unreadCount"));
        as(alice).body(Map.of("otherUserId", bob)).post("/api/messages/read").then().statusCode(200);

        JsonPath afterRead = conversations(alice, "");
        assertEquals(0, afterRead.getInt("[0].unreadCount"));
        assertEquals("read", afterRead.getString("[0].lastMessage.status"));
        JsonPath bobsView = conversations(bob, "");
        assertEquals(0, bobsView.getInt("[0].unreadCount"), "bob wrote them all");
        assertEquals("read", bobsView.getString("[0].lastMessage.status"), "bob sees alice read it");
    }

    @Test
    void limitKeepsTheMostRecentConversations() {
        send(bob, alice, "1");
        send(carol, alice, "2");
        send(dave, alice, "3");

        assertEquals(List.of(dave, carol), conversations(alice, "?limit=2").getList("otherUserId"));
        assertEquals(3, conversations(alice, "?limit=100").getList("").size());
    }

    @Test
    void aUserWithoutConversationsGetsAnEmptyList() {
        assertEquals(List.of(), conversations(newUser("lonely"), "").getList(""));
    }

    @Test
    void aConversationBetweenOthersIsNotListed() {
        send(bob, carol, "not for alice");

        assertEquals(List.of(), conversations(alice, "").getList(""));
        assertNull(conversations(bob, "").get("[0].lastMessage.roomId"));
    }

    private static JsonPath conversations(String userId, String query) {
        return as(userId).get("/api/messages/conversations" + query)
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
