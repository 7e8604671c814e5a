package io.chatrelay.message;

import io.chatrelay.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The REST API as a client app uses it: requests signed for a user, and the common calls. */
final class Api {

    private Api() {
    }

    /** A user id no other test (or earlier run) has used. */
    static String newUser(String name) {
        return name + "-" + UUID.randomUUID();
    }

    static RequestSpecification as(String userId) {
        return given().auth().oauth2(TestTokens.forUser(userId)).contentType(ContentType.JSON);
    }

    /** Sends a text message over REST and returns the stored message. */
    static JsonPath send(String from, String to, String content) {
        return as(from).body(Map.of("receiverId", to, "content", content))
                .post("/api/messages")
                .then().statusCode(201)
                .extract().jsonPath();
    }

    /** Sends a text message to a room over REST and returns the stored message. */
    static JsonPath sendToRoom(String from, String roomId, String content) {
        return as(from).body(Map.of("roomId", roomId, "content", content))
                .post("/api/messages")
                .then().statusCode(201)
                .extract().jsonPath();
    }

    /** Sends {@code count} messages "1".."count" and returns their ids, oldest first. */
    static List<String> sendMany(String from, String to, int count) {
        return java.util.stream.IntStream.rangeClosed(1, count)
                .mapToObj(i -> send(from, to, String.valueOf(i)).getString("id"))
                .toList();
    }

    /** One page of {@code userId}'s conversation with {@code otherUserId}. */
    static JsonPath history(String userId, String otherUserId, String query) {
        return as(userId).get("/api/messages/direct/" + otherUserId + query)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** One page of a room for {@code userId}, who must be a member. */
    static JsonPath roomHistory(String userId, String roomId, String query) {
        return as(userId).get("/api/messages/room/" + roomId + query)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    static List<String> statuses(String userId, String otherUserId) {
        return history(userId, otherUserId, "").getList("messages.status");
    }
}
