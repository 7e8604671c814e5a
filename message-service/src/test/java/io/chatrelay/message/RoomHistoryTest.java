package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.roomHistory;
import static io.chatrelay.message.Api.sendToRoom;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET /api/messages/room/{roomId}: a room's messages for its members, newest first, paged by seq. */
@QuarkusTest
class RoomHistoryTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private RoomFeed rooms;
    private final String owner = newUser("owner");
    private final String ann = newUser("ann");
    private final String ben = newUser("ben");

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
    void membersPageBackThroughTheWholeRoomWithNextBefore() {
        String roomId = rooms.create(owner, ann, ben);
        IntStream.rangeClosed(1, 25).forEach(i -> sendToRoom(i % 2 == 0 ? ann : ben, roomId, "m" + i));

        JsonPath first = roomHistory(owner, roomId, "?limit=10");
        assertEquals(seqs(25, 16), first.getList("messages.seq", Long.class));
        assertEquals(16L, first.getLong("nextBefore"));
        assertEquals("m25", first.getString("messages[0].content"));
        assertEquals(ben, first.getString("messages[0].senderId"));
        assertEquals(roomId, first.getString("messages[0].roomId"));
        assertEquals("sent", first.getString("messages[0].status"), "no per-member receipts in rooms");

        JsonPath second = roomHistory(ann, roomId, "?limit=10&before=16");
        assertEquals(seqs(15, 6), second.getList("messages.seq", Long.class));
        JsonPath last = roomHistory(ben, roomId, "?limit=10&before=6");
        assertEquals(seqs(5, 1), last.getList("messages.seq", Long.class));
        assertNull(last.get("nextBefore"));
        assertEquals(seqs(25, 1), roomHistory(owner, roomId, "?limit=100").getList("messages.seq", Long.class));
    }

    @Test
    void aRoomWithoutMessagesHasAnEmptyHistory() {
        String roomId = rooms.create(owner, ann);

        JsonPath page = roomHistory(ann, roomId, "");
        assertEquals(List.of(), page.getList("messages"));
        assertNull(page.get("nextBefore"));
    }

    @Test
    void nonMembersGet403AndUnknownRooms404() {
        String roomId = rooms.create(owner, ann);
        sendToRoom(ann, roomId, "members only");

        as(ben).get("/api/messages/room/" + roomId).then().statusCode(403).body("code", equalTo("forbidden"));
        as(ben).get("/api/messages/room/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void aRemovedMemberGets403FromThenOnWhileTheirMessagesStay() {
        String roomId = rooms.create(owner, ann);
        sendToRoom(ann, roomId, "before I leave");
        assertEquals(1, roomHistory(ann, roomId, "").getList("messages").size());

        rooms.remove(roomId, 2, ann);

        as(ann).get("/api/messages/room/" + roomId).then().statusCode(403).body("code", equalTo("forbidden"));
        JsonPath ownersView = roomHistory(owner, roomId, "");
        assertEquals(List.of("before I leave"), ownersView.getList("messages.content"));
        assertEquals(List.of(ann), ownersView.getList("messages.senderId"));
    }

    @Test
    void badPagingIsA400() {
        String roomId = rooms.create(owner, ann);

        for (String query : List.of("?limit=101", "?limit=0", "?before=0", "?before=x")) {
            as(ann).get("/api/messages/room/" + roomId + query).then().statusCode(400)
                    .body("code", equalTo("validation"));
        }
    }

    private static List<Long> seqs(long from, long downTo) {
        return LongStream.iterate(from, seq -> seq >= downTo, seq -> seq - 1).boxed().toList();
    }
}
