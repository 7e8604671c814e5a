package io.chatrelay.presence;

import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Who is told of a user's presence: the users who share a direct conversation or a room with them, and nobody
 * else. The test plays message-service on {@code message.events}, room-service on {@code room.events} and a
 * gateway, and reads the {@code audience} of the changes on {@code presence.events}.
 */
@QuarkusTest
class PresenceAudienceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ContactBook contacts;

    @Inject
    RoomRosters rosters;

    private GatewayPlayer gateway;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();
    private final String dave = "dave-" + UUID.randomUUID();
    private final String room = "room-" + UUID.randomUUID();

    @BeforeEach
    void playAGateway() {
        gateway = new GatewayPlayer(bootstrapServers);
        gateway.heartbeat(60_000);
    }

    @AfterEach
    void stopPlaying() {
        gateway.stop();
        gateway.close();
    }

    @Test
    void theOtherMembersOfAUsersRoomsAreToldWhenTheUserComesOnlineAndGoesOffline() {
        gateway.roomCreated(room, alice, bob, carol);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice, carol);

        String phone = gateway.open(bob);
        JsonObject online = gateway.awaitChange(bob, "online");
        assertEquals(List.of(alice, carol), audienceOf(online));
        assertFalse(online.containsKey("audienceRooms"));
        gateway.close(phone, bob);
        assertEquals(List.of(alice, carol), audienceOf(gateway.awaitChange(bob, "offline")));
    }

    @Test
    void aRoomOfMoreMembersThanTheBroadcastLimitIsNamedInsteadOfListed() {
        // delivery.broadcast-above is 4 in the test profile
        String crowd = "crowd-" + UUID.randomUUID();
        String erin = "erin-" + UUID.randomUUID();
        String frank = "frank-" + UUID.randomUUID();
        gateway.roomCreated(crowd, alice, bob, dave, erin, frank);
        gateway.roomCreated(room, bob, carol);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice, carol, dave, erin, frank);

        gateway.open(bob);
        JsonObject online = gateway.awaitChange(bob, "online");
        assertEquals(List.of(carol), audienceOf(online));
        assertEquals(List.of(crowd), online.getJsonArray("audienceRooms").getList());
    }

    @Test
    void aMemberWhoJoinsLaterIsToldToo() {
        gateway.roomCreated(room, alice, bob);
        gateway.memberAdded(room, dave, 2);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice, dave);

        gateway.open(bob);
        assertEquals(List.of(alice, dave), audienceOf(gateway.awaitChange(bob, "online")));
    }

    @Test
    void aMemberRemovedFromTheRoomIsNoLongerToldNorTellsTheRoom() {
        gateway.roomCreated(room, alice, bob, carol);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice, carol);
        gateway.memberRemoved(room, carol, 2);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice);

        gateway.open(bob);
        assertEquals(List.of(alice), audienceOf(gateway.awaitChange(bob, "online")));
        gateway.open(carol);
        assertEquals(List.of(), audienceOf(gateway.awaitChange(carol, "online")));
    }

    @Test
    void aRemovedMemberWhoIsAlsoAContactIsStillTold() {
        gateway.roomCreated(room, alice, bob, carol);
        gateway.becomeContacts(contacts, carol, bob);
        gateway.memberRemoved(room, carol, 2);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice);

        gateway.open(bob);
        assertEquals(List.of(alice, carol), audienceOf(gateway.awaitChange(bob, "online")));
    }

    @Test
    void contactsAndRoomMembersAreToldOnceEach() {
        String otherRoom = "room-" + UUID.randomUUID();
        gateway.becomeContacts(contacts, alice, bob);
        gateway.roomCreated(room, alice, bob, carol);
        gateway.roomCreated(otherRoom, carol, dave, bob);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice, carol, dave);

        gateway.open(bob);
        assertEquals(List.of(alice, carol, dave), audienceOf(gateway.awaitChange(bob, "online")));
    }

    @Test
    void aUserInNoRoomAndWithNoContactsIsAnnouncedToNobody() {
        gateway.roomCreated(room, alice, carol);
        GatewayPlayer.awaitCoMembers(rosters, alice, carol);

        gateway.open(bob);
        assertEquals(List.of(), audienceOf(gateway.awaitChange(bob, "online")));
    }

    @Test
    void roomRecordsOfUnknownKindsAreSkipped() {
        gateway.roomEvent(room, new JsonObject().put("type", "room_renamed").put("name", "New name").put("version", 1));
        gateway.roomEvent(room, new JsonObject().put("type", "member_added").put("version", 2)); // no user
        gateway.roomCreated(room, alice, bob);
        GatewayPlayer.awaitCoMembers(rosters, bob, alice);

        gateway.open(bob);
        assertEquals(List.of(alice), audienceOf(gateway.awaitChange(bob, "online")));
    }

    private static List<Object> audienceOf(JsonObject change) {
        return change.getJsonArray("audience").getList();
    }
}
