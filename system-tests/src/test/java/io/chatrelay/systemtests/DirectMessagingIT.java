package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-to-one chat through the packaged services, as an app uses it: sockets for live events, REST on the
 * gateway's origin for history, the conversation list and the fallback send.
 */
class DirectMessagingIT {

    private static RunningSuite suite;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    static void startSuite() {
        suite = RunningSuite.shared();
    }

    @Test
    void theSenderLearnsItsMessageWasDeliveredAndThenRead() {
        try (TestSocket aliceSocket = connect(alice);
             TestSocket bobPhone = connect(bob);
             TestSocket bobLaptop = connect(bob)) {
            String messageId = send(aliceSocket, bob, "are you there?", 1).getString("id");
            bobPhone.awaitEvent("new_direct_message", data -> messageId.equals(data.getString("id")));
            bobLaptop.awaitEvent("new_direct_message", data -> messageId.equals(data.getString("id")));

            JsonObject delivered = aliceSocket.awaitEvent("message_delivered", data -> messageId.equals(data.getString("messageId")));
            assertEquals(bob, delivered.getString("userId"));

            bobPhone.send("mark_messages_read", new JsonObject().put("otherUserId", alice), 2);
            JsonObject ack = bobPhone.awaitAck(2);
            assertTrue(ack.getBoolean("ok"), ack.encode());
            assertEquals(1, ack.getLong("upToSeq"));
            assertEquals(bob, aliceSocket.awaitEvent("messages_read").getString("userId"));
            assertEquals(1, bobLaptop.awaitEvent("messages_read").getLong("upToSeq"), "the reader's other device syncs");
        }
    }

    @Test
    void aReceiverComingBackOnlineMarksWhatItMissedAsDelivered() {
        try (TestSocket aliceSocket = connect(alice)) {
            for (int i = 1; i <= 3; i++) {
                send(aliceSocket, bob, "while you were away " + i, i);
            }
            try (TestSocket bobSocket = connect(bob)) {
                JsonObject caughtUp = aliceSocket.awaitEvent("messages_delivered");
                assertEquals(bob, caughtUp.getString("userId"));
                assertEquals(3, caughtUp.getLong("upToSeq"));
                assertTrue(bobSocket.isOpen());
            }
        }
    }

    @Test
    void theSameClientMessageIdNeverMakesASecondMessage() {
        try (TestSocket aliceSocket = connect(alice); TestSocket bobSocket = connect(bob)) {
            String clientMessageId = "c-" + UUID.randomUUID();
            JsonObject message = new JsonObject().put("receiverId", bob).put("content", "once").put("clientMessageId", clientMessageId);
            aliceSocket.send("send_direct_message", message, 1);
            aliceSocket.send("send_direct_message", message, 2);

            String first = aliceSocket.awaitAck(1).getJsonObject("message").getString("id");
            assertEquals(first, aliceSocket.awaitAck(2).getJsonObject("message").getString("id"));
            bobSocket.awaitEvent("new_direct_message");
            String later = send(aliceSocket, bob, "a marker after the duplicate", 3).getString("id");
            bobSocket.awaitEvent("new_direct_message", data -> later.equals(data.getString("id")));
            assertEquals(1, bobSocket.receivedEvents("new_direct_message").stream()
                    .filter(frame -> first.equals(frame.getJsonObject("data").getString("id"))).count());
        }
    }

    @Test
    void restOnTheGatewaysOriginSendsPagesAndListsConversations() {
        try (TestSocket bobSocket = connect(bob)) {
            String id = as(alice).body(Map.of("receiverId", bob, "content", "sent over REST"))
                    .post("/api/messages").then().statusCode(201)
                    .body("senderId", equalTo(alice)).body("seq", equalTo(1))
                    .extract().path("id");
            bobSocket.awaitEvent("new_direct_message", data -> id.equals(data.getString("id")));

            // bob's gateway reports the delivery after handing the message to his socket: it is recorded shortly after
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    as(bob).get("/api/messages/direct/" + alice + "?limit=10").then().statusCode(200)
                            .body("messages.id", equalTo(List.of(id)))
                            .body("messages.status", everyItem(equalTo("delivered"))));
            as(bob).get("/api/messages/conversations").then().statusCode(200)
                    .body("find { it.otherUserId == '" + alice + "' }.unreadCount", equalTo(1));
            as(alice).body(Map.of("receiverId", bob, "content", "")).post("/api/messages")
                    .then().statusCode(400).body("code", equalTo("validation"));
            given().baseUri(gatewayHttp()).get("/api/messages/conversations").then().statusCode(401)
                    .body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void nobodyReadsAConversationTheyAreNotPartOf() {
        String carol = "carol-" + UUID.randomUUID();
        as(bob).body(Map.of("receiverId", carol, "content", "between bob and carol")).post("/api/messages")
                .then().statusCode(201);

        as(alice).get("/api/messages/direct/" + carol).then().statusCode(200).body("messages.size()", equalTo(0));
        as(alice).get("/api/messages/conversations").then().statusCode(200).body("size()", equalTo(0));
    }

    private JsonObject send(TestSocket socket, String receiverId, String content, long ack) {
        socket.send("send_direct_message", new JsonObject().put("receiverId", receiverId).put("content", content), ack);
        JsonObject reply = socket.awaitAck(ack);
        assertTrue(reply.getBoolean("ok"), reply.encode());
        return reply.getJsonObject("message");
    }

    /** Returns once the gateway registered the socket: a device connecting late would be caught up instead. */
    private static TestSocket connect(String userId) {
        return TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(userId)).awaitRegistered();
    }

    private static RequestSpecification as(String userId) {
        return given().baseUri(gatewayHttp()).auth().oauth2(TestTokens.forUser(userId)).contentType("application/json");
    }

    private static String gatewayHttp() {
        return "http://localhost:" + RunningSuite.GATEWAY_PORT;
    }
}
