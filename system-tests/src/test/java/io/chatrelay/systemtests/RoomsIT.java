package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group chat through the packaged services with two gateways: members on different gateways get every
 * room message; membership changes apply at once on both.
 */
class RoomsIT {

    private static final int SECOND_GATEWAY_PORT = 18091;

    private static RunningSuite suite;
    private static ServiceProcess secondGateway;

    private final String owner = "owner-" + UUID.randomUUID();
    private final String here = "here-" + UUID.randomUUID();
    private final String there = "there-" + UUID.randomUUID();
    private final String outsider = "outsider-" + UUID.randomUUID();

    @BeforeAll
    static void startTwoGateways() {
        suite = RunningSuite.shared();
        secondGateway = ServiceProcess.start("gateway-service", SECOND_GATEWAY_PORT).awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopSecondGateway() {
        if (secondGateway != null) {
            secondGateway.close();
        }
    }

    @Test
    void aRoomMessageReachesMembersOnBothGatewaysAndNoOneElse() {
        String roomId = createRoom(here, there);
        try (TestSocket ownerSocket = onFirst(owner);
             TestSocket hereSocket = onFirst(here);
             TestSocket thereSocket = onSecond(there);
             TestSocket outsiderSocket = onSecond(outsider)) {
            JsonObject message = sendToRoom(ownerSocket, roomId, "hello both gateways", 1);

            assertEquals(message.getString("id"), hereSocket.awaitEvent("new_room_message").getString("id"));
            JsonObject far = thereSocket.awaitEvent("new_room_message");
            assertEquals(roomId, far.getString("roomId"));
            assertEquals(message.getLong("seq"), far.getLong("seq"));

            outsiderSocket.send("send_room_message", new JsonObject().put("roomId", roomId).put("content", "let me in"), 2);
            assertEquals("forbidden", outsiderSocket.awaitAck(2).getJsonObject("error").getString("code"));
            assertTrue(outsiderSocket.receivedEvents("new_room_message").isEmpty());
            as(outsider).get("/api/messages/room/" + roomId).then().statusCode(403).body("code", equalTo("forbidden"));
        }
    }

    @Test
    void aRemovedMemberStopsReceivingAtOnceOnTheOtherGateway() {
        String roomId = createRoom(here, there);
        try (TestSocket ownerSocket = onFirst(owner); TestSocket thereSocket = onSecond(there)) {
            String before = sendToRoom(ownerSocket, roomId, "before", 1).getString("id");
            thereSocket.awaitEvent("new_room_message", data -> before.equals(data.getString("id")));

            as(owner).delete("/api/rooms/" + roomId + "/members/" + there).then().statusCode(204);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                long attempt = System.nanoTime();
                thereSocket.send("join_room", new JsonObject().put("roomId", roomId), attempt);
                assertEquals("forbidden", thereSocket.awaitAck(attempt).getJsonObject("error", new JsonObject()).getString("code"));
            });
            String after = sendToRoom(ownerSocket, roomId, "after", 2).getString("id");
            try (TestSocket hereSocket = onFirst(here)) {
                String marker = sendToRoom(ownerSocket, roomId, "marker", 3).getString("id");
                hereSocket.awaitEvent("new_room_message", data -> marker.equals(data.getString("id")));
            }
            assertTrue(thereSocket.receivedEvents("new_room_message").stream()
                    .noneMatch(frame -> after.equals(frame.getJsonObject("data").getString("id"))));
        }
    }

    @Test
    void readingARoomTellsTheMembersAndTheConversationListShowsUnread() {
        String roomId = createRoom(here, there);
        try (TestSocket ownerSocket = onFirst(owner); TestSocket thereSocket = onSecond(there)) {
            sendToRoom(ownerSocket, roomId, "one", 1);
            sendToRoom(ownerSocket, roomId, "two", 2);
            as(here).get("/api/messages/conversations").then().statusCode(200)
                    .body("find { it.roomId == '" + roomId + "' }.type", equalTo("room"))
                    .body("find { it.roomId == '" + roomId + "' }.unreadCount", equalTo(2));

            thereSocket.send("mark_messages_read", new JsonObject().put("roomId", roomId), 3);
            assertEquals(2, thereSocket.awaitAck(3).getLong("upToSeq"));
            JsonObject read = ownerSocket.awaitEvent("messages_read", data -> roomId.equals(data.getString("roomId")));
            assertEquals(there, read.getString("userId"));
        }
    }

    private String createRoom(String... members) {
        return as(owner).body(Map.of("name", "it room", "memberIds", List.of(members)))
                .post("/api/rooms").then().statusCode(201).extract().path("id");
    }

    private static JsonObject sendToRoom(TestSocket socket, String roomId, String content, long ack) {
        socket.send("send_room_message", new JsonObject().put("roomId", roomId).put("content", content), ack);
        JsonObject reply = socket.awaitAck(ack);
        assertTrue(reply.getBoolean("ok"), reply.encode());
        return reply.getJsonObject("message");
    }

    private static TestSocket onFirst(String userId) {
        return routable(TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(userId)), userId);
    }

    private static TestSocket onSecond(String userId) {
        return routable(TestSocket.connect(URI.create("ws://localhost:" + SECOND_GATEWAY_PORT + "/ws"),
                TestTokens.forUser(userId)), userId);
    }

    /**
     * Returns once the delivery directory routes to the user's gateway: a socket counts about a millisecond after its
     * upgrade, longer on a gateway that just started; a message routed before that is found by resume or history.
     */
    private static TestSocket routable(TestSocket socket, String userId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !RedisCli.partitionsReaching(userId).isEmpty());
        return socket;
    }

    private static RequestSpecification as(String userId) {
        return given().baseUri("http://localhost:" + RunningSuite.GATEWAY_PORT)
                .auth().oauth2(TestTokens.forUser(userId)).contentType("application/json");
    }
}
