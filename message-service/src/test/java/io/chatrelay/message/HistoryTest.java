package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.Origin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static io.chatrelay.message.Api.history;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.send;
import static io.chatrelay.message.Api.sendMany;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/messages/direct/{userId}: a user's own conversation, newest first, paged by seq. */
@QuarkusTest
class HistoryTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final String alice = newUser("alice");
    private final String bob = newUser("bob");

    @Test
    void pagesWalkBackThroughTheWholeConversationWithNextBefore() {
        sendMany(alice, bob, 120);

        JsonPath first = history(bob, alice, "");
        assertEquals(seqs(120, 71), first.getList("messages.seq", Long.class), "default limit 50, newest first");
        assertEquals(71L, first.getLong("nextBefore"));

        JsonPath second = history(bob, alice, "?before=71");
        assertEquals(seqs(70, 21), second.getList("messages.seq", Long.class));
        assertEquals(21L, second.getLong("nextBefore"));

        JsonPath last = history(bob, alice, "?before=21");
        assertEquals(seqs(20, 1), last.getList("messages.seq", Long.class));
        assertNull(last.get("nextBefore"), "no older page");
        assertTrue(last.getMap("").containsKey("nextBefore"), "nextBefore is always present");
    }

    @Test
    void limitSizesThePageUpToOneHundred() {
        sendMany(alice, bob, 120);

        JsonPath hundred = history(alice, bob, "?limit=100");
        assertEquals(seqs(120, 21), hundred.getList("messages.seq", Long.class));
        assertEquals(21L, hundred.getLong("nextBefore"));

        JsonPath small = history(alice, bob, "?limit=7&before=8");
        assertEquals(seqs(7, 1), small.getList("messages.seq", Long.class));
        assertNull(small.get("nextBefore"), "exactly the rest: no further page");
        assertEquals(List.of("3", "2", "1"), history(alice, bob, "?limit=3&before=4").getList("messages.content"));
    }

    @Test
    void bothParticipantsSeeTheSameConversationAndMessagesCarryTheirFullShape() {
        send(alice, bob, "hi bob");
        send(bob, alice, "hi alice");

        JsonPath seenByAlice = history(alice, bob, "");
        assertEquals(seenByAlice.getList("messages.id"), history(bob, alice, "").getList("messages.id"));
        assertEquals(List.of(bob, alice), seenByAlice.getList("messages.senderId"));
        assertEquals(ConversationIds.direct(alice, bob), seenByAlice.getString("messages[0].conversationId"));
        assertEquals("hi alice", seenByAlice.getString("messages[0].content"));
        assertEquals(alice, seenByAlice.getString("messages[0].receiverId"));
        assertEquals("text", seenByAlice.getString("messages[0].type"));
        assertTrue(seenByAlice.getString("messages[0].createdAt").endsWith("Z"));
    }

    @Test
    void aUserOnlyEverSeesTheirOwnConversation() {
        String carol = newUser("carol");
        send(bob, carol, "secret between bob and carol");
        send(alice, carol, "hello carol");

        JsonPath aliceAndCarol = history(alice, carol, "");

        assertEquals(List.of("hello carol"), aliceAndCarol.getList("messages.content"));
        assertEquals(List.of(ConversationIds.direct(alice, carol)), aliceAndCarol.getList("messages.conversationId"));
        assertEquals(List.of(), history(alice, newUser("nobody"), "").getList("messages"), "no conversation: empty");
    }

    @Test
    void statusComesFromTheReceiversCursors() throws Exception {
        sendMany(alice, bob, 4);
        send(bob, alice, "and one back");
        String conversation = ConversationIds.direct(alice, bob);
        try (EventLog events = new EventLog(bootstrapServers, json)) {
            Origin delivered = EventLog.newOrigin();
            Origin read = EventLog.newOrigin();
            events.publish(new MarkDelivered(delivered, conversation, bob, 3, null));
            events.publish(new MarkRead(read, conversation, bob, 1L));
            events.answerTo(delivered, "command_result");
            events.answerTo(read, "command_result");
        }

        List<String> expected = List.of("sent", "sent", "delivered", "delivered", "read");
        assertEquals(expected, history(alice, bob, "").getList("messages.status"),
                "5 is alice's to receive (sent); 4 beyond bob's delivered cursor; 2-3 delivered; 1 read");
        assertEquals(expected, history(bob, alice, "").getList("messages.status"), "the same for both sides");
    }

    private static List<Long> seqs(long from, long downTo) {
        return LongStream.iterate(from, seq -> seq >= downTo, seq -> seq - 1).boxed().toList();
    }
}
