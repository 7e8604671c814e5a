package io.chatrelay.room;

import io.chatrelay.contracts.Topics;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rooms API on the real database and broker; every change is announced on room.events. */
@QuarkusTest
class RoomsApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe roomEvents;
    private final String owner = "owner-" + UUID.randomUUID();
    private final String member = "member-" + UUID.randomUUID();
    private final String outsider = "outsider-" + UUID.randomUUID();

    @BeforeEach
    void watchRoomEvents() {
        roomEvents = KafkaProbe.watching(bootstrapServers, Topics.ROOM_EVENTS);
    }

    @AfterEach
    void stopWatching() {
        roomEvents.close();
    }

    @Test
    void creatingARoomMakesTheCreatorItsOwnerAndAMemberAndAnnouncesIt() {
        String roomId = as(owner).body(Map.of("name", "  Study group ", "memberIds", List.of(member, member)))
                .post("/api/rooms").then().statusCode(201)
                .body("name", equalTo("Study group"))
                .body("ownerId", equalTo(owner))
                .body("memberIds", contains(owner, member))
                .extract().path("id");

        JsonObject created = awaitEvent(roomId, "room_created");
        assertEquals(roomId, created.getString("roomId"));
        assertEquals(1, created.getLong("version"));
        assertEquals(List.of(owner, member), created.getJsonArray("memberIds").getList());
    }

    @Test
    void membersSeeTheRoomOutsidersGet403AndUnknownRooms404() {
        String roomId = createRoom(member);

        as(member).get("/api/rooms/" + roomId).then().statusCode(200).body("memberIds", containsInAnyOrder(owner, member));
        as(outsider).get("/api/rooms/" + roomId).then().statusCode(403).body("code", equalTo("forbidden"));
        as(owner).get("/api/rooms/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not_found"));
        as(owner).get("/api/rooms/not-a-uuid").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void myRoomsListsOnlyRoomsIAmAMemberOf() {
        String shared = createRoom(member);
        String ownersOnly = createRoom();

        as(member).get("/api/rooms").then().statusCode(200)
                .body("id", hasItem(shared))
                .body("id", not(hasItem(ownersOnly)))
                .body("find { it.id == '" + shared + "' }.memberCount", equalTo(2));
    }

    @Test
    void theOwnerAddsMembersOthersCannotAndAddingTwiceChangesNothing() {
        String roomId = createRoom(member);

        as(member).body(Map.of("userId", outsider)).post("/api/rooms/" + roomId + "/members")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(owner).body(Map.of("userId", outsider)).post("/api/rooms/" + roomId + "/members")
                .then().statusCode(200).body("memberIds", hasItem(outsider));
        as(owner).body(Map.of("userId", outsider)).post("/api/rooms/" + roomId + "/members").then().statusCode(200);

        JsonObject added = awaitEvent(roomId, "member_added");
        assertEquals(outsider, added.getString("userId"));
        assertEquals(owner, added.getString("byUserId"));
        assertEquals(2, added.getLong("version"));
        assertEquals(1, eventsOf(roomId, "member_added").size(), "the second add announced nothing");
    }

    @Test
    void theOwnerRemovesMembersAndAnyoneMayLeaveButTheOwnerStays() {
        String third = "third-" + UUID.randomUUID();
        String roomId = createRoom(member, third);

        as(member).delete("/api/rooms/" + roomId + "/members/" + third).then().statusCode(403);
        as(owner).delete("/api/rooms/" + roomId + "/members/" + third).then().statusCode(204);
        as(member).delete("/api/rooms/" + roomId + "/members/" + member).then().statusCode(204);
        as(owner).delete("/api/rooms/" + roomId + "/members/" + owner).then().statusCode(400);
        as(owner).delete("/api/rooms/" + roomId + "/members/" + outsider).then().statusCode(404);

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(roomId, "member_removed").size() == 2);
        List<JsonObject> removed = eventsOf(roomId, "member_removed");
        assertEquals(List.of(third, member), removed.stream().map(event -> event.getString("userId")).toList());
        assertEquals(List.of(2L, 3L), removed.stream().map(event -> event.getLong("version")).toList());
        given().get("/internal/rooms/" + roomId + "/membership").then().statusCode(200)
                .body("version", equalTo(3)).body("memberIds", contains(owner));
    }

    @Test
    void badInputIsA4xxWithAJsonBody() {
        given().get("/api/rooms").then().statusCode(401).body("code", equalTo("unauthorized"));
        as(owner).body("{not json").post("/api/rooms").then().statusCode(400).body("code", equalTo("validation"));
        as(owner).body(Map.of("name", " ")).post("/api/rooms").then().statusCode(400)
                .body("message", equalTo("name must not be empty"));
        as(owner).body(Map.of("name", "x".repeat(201))).post("/api/rooms").then().statusCode(400);
        as(owner).body("{\"name\":\"ok\",\"memberIds\":\"bob\"}").post("/api/rooms").then().statusCode(400)
                .body("code", equalTo("validation"));
        as(owner).body(Map.of("name", "ok", "memberIds", List.of(""))).post("/api/rooms").then().statusCode(400);
        as(owner).post("/api/rooms").then().statusCode(400);
        as(owner).urlEncodingEnabled(false).delete("/api/rooms/" + createRoom() + "/members/%00").then()
                .statusCode(400).body("code", equalTo("validation"));
        given().auth().oauth2(TestTokens.forgedFor(owner)).get("/api/rooms").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    private String createRoom(String... memberIds) {
        return as(owner).body(Map.of("name", "room", "memberIds", List.of(memberIds)))
                .post("/api/rooms").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.specification.RequestSpecification as(String userId) {
        return given().auth().oauth2(TestTokens.forUser(userId)).contentType("application/json");
    }

    private JsonObject awaitEvent(String roomId, String type) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(roomId, type).isEmpty());
        return eventsOf(roomId, type).get(0);
    }

    private List<JsonObject> eventsOf(String roomId, String type) {
        return roomEvents.receivedContaining(roomId).stream()
                .filter(record -> roomId.equals(record.key()))
                .map(ConsumerRecord::value)
                .map(JsonObject::new)
                .filter(event -> type.equals(event.getString("type")))
                .toList();
    }
}
