package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.Api.sendToRoom;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * message-service's own replica of room membership: kept from room.events by version, with room-service's
 * snapshot (played by {@link RoomServiceStandIn}) filling gaps and rooms it has not seen yet.
 */
@QuarkusTest
class RoomReplicaTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private RoomFeed rooms;
    private final RoomServiceStandIn roomService = RoomServiceStandIn.get();
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
    void eventsAreAppliedInVersionOrderAndRepeatsChangeNothing() {
        String roomId = rooms.create(owner, ann);
        assertEquals(Set.of(owner, ann), rooms.membersOf(roomId));

        rooms.add(roomId, 2, ben);
        rooms.remove(roomId, 3, ann);
        assertEquals(Set.of(owner, ben), rooms.membersOf(roomId));

        rooms.publish(new MemberAdded(roomId, ann, owner, 2, Instant.now()));      // a redelivery of version 2
        rooms.publish(new RoomCreated(roomId, "again", owner, List.of(owner), 1, Instant.now()));
        rooms.add(roomId, 4, newUser("cid"));                                       // in order after them
        assertEquals(3, rooms.membersOf(roomId).size());
        assertFalse(rooms.membersOf(roomId).contains(ann), "ann stays out");
        assertEquals(0, roomService.requestsFor(roomId), "no gap, no snapshot");
    }

    @Test
    void aVersionGapReloadsTheSnapshotFromRoomService() {
        String roomId = rooms.create(owner, ann);
        // room-service is at version 4: ann left (2), ben joined (3), cid joined (4); the replica misses 2 and 3
        String cid = newUser("cid");
        roomService.room(roomId, "renamed", 4, List.of(owner, ben, cid));

        rooms.publish(new MemberAdded(roomId, cid, owner, 4, Instant.now()));
        rooms.awaitVersion(roomId, 4);

        assertEquals(Set.of(owner, ben, cid), rooms.membersOf(roomId));
        assertEquals(1, roomService.requestsFor(roomId));
        sendToRoom(ben, roomId, "ben is in");
        as(ann).body(Map.of("roomId", roomId, "content", "ann is out")).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void aSnapshotStillBehindTheEventIsAskedForAgain() {
        String roomId = rooms.create(owner, ann);
        // room-service publishes before it commits: right after event 3 its snapshot may still say version 2
        roomService.room(roomId, "room", 3, List.of(owner, ben));
        roomService.answerFirst(roomId, "room", 2, List.of(owner));

        rooms.publish(new MemberAdded(roomId, ben, owner, 3, Instant.now()));
        rooms.awaitVersion(roomId, 3);

        assertEquals(Set.of(owner, ben), rooms.membersOf(roomId));
        assertEquals(2, roomService.requestsFor(roomId));
    }

    @Test
    void aChangeOfARoomNeverSeenLoadsTheSnapshot() {
        String roomId = UUID.randomUUID().toString();
        roomService.room(roomId, "older than the topic", 7, List.of(owner, ann));

        rooms.publish(new MemberRemoved(roomId, ben, owner, 7, Instant.now()));
        rooms.awaitVersion(roomId, 7);

        assertEquals(Set.of(owner, ann), rooms.membersOf(roomId));
    }

    @Test
    void aGapRoomServiceCannotFillMakesTheReplicaForgetTheRoomRatherThanGuess() {
        String roomId = rooms.create(owner, ann);

        rooms.publish(new MemberRemoved(roomId, ann, owner, 3, Instant.now()));      // room-service: 404

        await().atMost(Duration.ofSeconds(15)).until(() -> rooms.versionOf(roomId) == 0);
        assertEquals(Set.of(), rooms.membersOf(roomId));
        as(ann).body(Map.of("roomId", roomId, "content", "still in?")).post("/api/messages")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void dataPostgresCannotStoreIsCleanedOrSkippedWithoutHoldingTheRoomsOtherEvents() {
        String roomId = UUID.randomUUID().toString();
        rooms.publish(new RoomCreated(roomId, "nul\u0000name", owner, List.of(owner, ann), 1, Instant.now()));
        rooms.awaitVersion(roomId, 1);
        assertEquals("nulname", rooms.nameOf(roomId), "a name loses its NUL characters");

        rooms.publish(new MemberAdded(roomId, "nul\u0000user", owner, 2, Instant.now()));   // cannot be stored
        roomService.room(roomId, "nulname", 3, List.of(owner, ann, ben));
        rooms.publish(new MemberAdded(roomId, ben, owner, 3, Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> rooms.versionOf(roomId) == 3);
        assertEquals(Set.of(owner, ann, ben), rooms.membersOf(roomId));
    }

    @Test
    void aSendToARoomNotSeenYetAsksRoomServiceFirst() {
        String roomId = UUID.randomUUID().toString();
        roomService.room(roomId, "just created", 1, List.of(owner, ann));

        sendToRoom(ann, roomId, "faster than room_created");

        assertEquals(1, rooms.versionOf(roomId));
        assertEquals(1, roomService.requestsFor(roomId));
        rooms.publish(new RoomCreated(roomId, "just created", owner, List.of(owner, ann), 1, Instant.now()));
        rooms.add(roomId, 2, ben);                                                  // room_created was skipped
        assertEquals(Set.of(owner, ann, ben), rooms.membersOf(roomId));
        assertEquals(1, roomService.requestsFor(roomId), "known now: no more snapshots");
    }

    @Test
    void aRoomNeitherTheReplicaNorRoomServiceKnowsIsNotFound() {
        String roomId = UUID.randomUUID().toString();

        as(ann).body(Map.of("roomId", roomId, "content", "anyone?")).post("/api/messages")
                .then().statusCode(404).body("code", equalTo("not_found"));

        assertEquals(1, roomService.requestsFor(roomId), "room-service was asked once");
        assertEquals(0, rooms.versionOf(roomId));
    }
}
