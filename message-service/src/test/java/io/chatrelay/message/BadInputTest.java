package io.chatrelay.message;

import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Whatever a client sends, a mistake is answered with the right 4xx and a JSON {@code {"code","message"}}
 * body, never a 500, and nothing is stored.
 */
@QuarkusTest
class BadInputTest {

    private static final String BOB = "bob-" + UUID.randomUUID();

    private final String alice = newUser("alice");

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"receiverId\": \"" + BOB + "\", \"content\": "),
                Arguments.of("not an object", "[\"hi\"]"),
                Arguments.of("a bare string", "\"hi\""),
                Arguments.of("content of the wrong type", toBob("\"content\": 42")),
                Arguments.of("receiverId of the wrong type", "{\"receiverId\": {\"id\": 1}, \"content\": \"hi\"}"),
                Arguments.of("type of the wrong type", toBob("\"content\": \"hi\", \"type\": 1")),
                Arguments.of("no receiver", "{\"content\": \"hi\"}"),
                Arguments.of("no content", toBob("\"type\": \"text\"")),
                Arguments.of("empty content", toBob("\"content\": \"\"")),
                Arguments.of("blank content", toBob("\"content\": \"   \"")),
                Arguments.of("over-long content", toBob("\"content\": \"" + "x".repeat(4001) + "\"")),
                Arguments.of("unknown type", toBob("\"content\": \"hi\", \"type\": \"video\"")),
                Arguments.of("image that is not a URL", toBob("\"content\": \"cat.png\", \"type\": \"image\"")),
                Arguments.of("over-long receiverId", "{\"receiverId\": \"" + "b".repeat(129) + "\", \"content\": \"hi\"}"),
                Arguments.of("empty clientMessageId", toBob("\"content\": \"hi\", \"clientMessageId\": \"\"")),
                Arguments.of("empty body", ""));
    }

    /** A message body to bob with these other fields. */
    private static String toBob(String fields) {
        return "{\"receiverId\": \"" + BOB + "\", " + fields + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void aBadMessageIsA400AndStoresNothing(String mistake, String body) {
        assertValidationError(as(alice).body(body).post("/api/messages"));

        as(alice).get("/api/messages/conversations").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void sendingToYourselfIsA400() {
        assertValidationError(as(alice).body("{\"receiverId\": \"" + alice + "\", \"content\": \"note to self\"}")
                .post("/api/messages"));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAs415() {
        as(alice).contentType(ContentType.TEXT).body("hello").post("/api/messages")
                .then().statusCode(415)
                .contentType(ContentType.JSON)
                .body("code", equalTo("validation"));
    }

    static Stream<Arguments> badDeliveryReceipts() {
        String someId = "\"" + UUID.randomUUID() + "\"";
        String manyIds = String.join(",", Collections.nCopies(501, someId));
        return Stream.of(
                Arguments.of("malformed JSON", "{\"messageIds\": [\"a\""),
                Arguments.of("messageIds not an array", "{\"messageIds\": " + someId + "}"),
                Arguments.of("a message id that is no UUID", "{\"messageIds\": [\"not-a-uuid\"]}"),
                Arguments.of("a null message id", "{\"messageIds\": [null]}"),
                Arguments.of("no message ids", "{\"messageIds\": []}"),
                Arguments.of("more than 500 message ids", "{\"messageIds\": [" + manyIds + "]}"),
                Arguments.of("both forms", cursor("\"messageIds\": [" + someId + "], \"upToSeq\": 1")),
                Arguments.of("neither form", "{}"),
                Arguments.of("conversationId without upToSeq", cursor("\"client\": \"web\"")),
                Arguments.of("upToSeq as a string", cursor("\"upToSeq\": \"7\"")),
                Arguments.of("upToSeq as a fraction", cursor("\"upToSeq\": 1.5")),
                Arguments.of("upToSeq zero", cursor("\"upToSeq\": 0")),
                Arguments.of("no body", ""));
    }

    /** A delivery receipt for some conversation with these other fields. */
    private static String cursor(String fields) {
        return "{\"conversationId\": \"d-" + UUID.randomUUID() + "\", " + fields + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeliveryReceipts")
    void aBadDeliveryReceiptIsA400(String mistake, String body) {
        assertValidationError(as(alice).body(body).post("/api/messages/delivered"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"otherUserId\": 7}", "{\"otherUserId\": \"\"}", "{\"otherUserId\": [\"b\"]}", "{"})
    void aBadReadReceiptIsA400(String body) {
        assertValidationError(as(alice).body(body).post("/api/messages/read"));
    }

    @Test
    void readingYourOwnConversationWithYourselfIsA400() {
        assertValidationError(as(alice).body("{\"otherUserId\": \"" + alice + "\"}").post("/api/messages/read"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"?limit=101", "?limit=0", "?limit=-5", "?limit=ten", "?limit=9999999999", "?limit=1.5"})
    void aBadConversationListLimitIsA400(String query) {
        assertValidationError(as(alice).get("/api/messages/conversations" + query));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"?limit=101", "?limit=0", "?limit=x", "?before=0", "?before=-1", "?before=a", "?before=1e3"})
    void aBadHistoryQueryIsA400(String query) {
        assertValidationError(as(alice).get("/api/messages/direct/" + BOB + query));
    }

    @Test
    void theHistoryWithYourselfOrAnOverLongUserIdIsA400() {
        assertValidationError(as(alice).get("/api/messages/direct/" + alice));
        assertValidationError(as(alice).get("/api/messages/direct/" + "u".repeat(129)));
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "/api/messages"),
                Arguments.of("POST", "/api/messages/delivered"),
                Arguments.of("POST", "/api/messages/read"),
                Arguments.of("GET", "/api/messages/conversations"),
                Arguments.of("GET", "/api/messages/direct/" + BOB),
                Arguments.of("GET", "/api/messages/room/" + UUID.randomUUID()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointNeedsAValidToken(String method, String path) {
        String expired = TestTokens.forUser("alice", "Alice", Duration.ofMinutes(-10));
        for (RequestSpecification request : List.of(given(),
                given().auth().oauth2(TestTokens.forgedFor("alice")),
                given().auth().oauth2(expired),
                given().header("Authorization", "Bearer not-a-jwt"))) {
            request.contentType(ContentType.JSON).body("{\"receiverId\": \"" + BOB + "\", \"content\": \"hi\"}")
                    .request(method, path)
                    .then().statusCode(401)
                    .contentType(ContentType.JSON)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("code", equalTo("unauthorized"))
                    .body("message", not(emptyOrNullString()));
        }
    }

    @Test
    void unknownPathsAndMethodsAnswerInJsonToo() {
        as(alice).get("/api/messages/nowhere").then().statusCode(404).contentType(ContentType.JSON)
                .body("code", equalTo("not_found"));
        as(alice).delete("/api/messages/conversations").then().statusCode(405).contentType(ContentType.JSON)
                .body("$", hasKey("code"));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/messages"))
                .body("paths", hasKey("/api/messages/delivered"))
                .body("paths", hasKey("/api/messages/read"))
                .body("paths", hasKey("/api/messages/conversations"))
                .body("paths", hasKey("/api/messages/direct/{userId}"))
                .body("paths", hasKey("/api/messages/room/{roomId}"))
                .body("paths.'/api/messages'.post.responses", hasKey("201"));
    }

    private static void assertValidationError(io.restassured.response.Response response) {
        response.then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("code", equalTo("validation"))
                .body("message", not(emptyOrNullString()));
    }
}
