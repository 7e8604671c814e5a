package io.chatrelay.presence;

import io.chatrelay.presence.redis.PresenceStore;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** {@code GET /api/presence?userIds=…} against the real Redis. */
@QuarkusTest
class PresenceApiTest {

    private static final Duration REDIS = Duration.ofSeconds(5);

    @Inject
    PresenceStore store;

    private final String gatewayId = "gw-" + UUID.randomUUID();
    private final String reader = "reader-" + UUID.randomUUID();

    @Test
    void answersOnlineOfflineWithLastSeenAndUnknownUsersInTheOrderAsked() {
        String online = "on-" + UUID.randomUUID();
        String wentOffline = "off-" + UUID.randomUUID();
        String neverSeen = "never-" + UUID.randomUUID();
        Instant closedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.openSession(gatewayId, "s1", online, Instant.now().plusSeconds(60)).await().atMost(REDIS);
        store.openSession(gatewayId, "s2", wentOffline, Instant.now().plusSeconds(60)).await().atMost(REDIS);
        store.closeSession(gatewayId, "s2", wentOffline, closedAt).await().atMost(REDIS);

        given().auth().oauth2(TestTokens.forUser(reader))
                .queryParam("userIds", wentOffline + ", " + online + "," + neverSeen + "," + online)
                .get("/api/presence")
                .then().statusCode(200)
                .body("", hasSize(3))
                .body("[0].userId", equalTo(wentOffline))
                .body("[0].status", equalTo("offline"))
                .body("[0].lastSeen", equalTo(closedAt.toString()))
                .body("[1].userId", equalTo(online))
                .body("[1].status", equalTo("online"))
                .body("[1].lastSeen", nullValue())
                .body("[2].userId", equalTo(neverSeen))
                .body("[2].status", equalTo("offline"))
                .body("[2].lastSeen", nullValue());
    }

    @Test
    void answersUpTo200UsersAndRefusesMore() {
        given().auth().oauth2(TestTokens.forUser(reader)).queryParam("userIds", users(200))
                .get("/api/presence")
                .then().statusCode(200).body("", hasSize(200));

        given().auth().oauth2(TestTokens.forUser(reader)).queryParam("userIds", users(201))
                .get("/api/presence")
                .then().statusCode(400)
                .body("code", equalTo("validation"))
                .body("message", containsString("at most 200"));
    }

    @Test
    void refusesAMissingEmptyOrMalformedListWithAJsonError() {
        for (String userIds : new String[]{null, "", " ", "a,,b", "a,", "x".repeat(129)}) {
            var request = given().auth().oauth2(TestTokens.forUser(reader));
            if (userIds != null) {
                request.queryParam("userIds", userIds);
            }
            request.get("/api/presence")
                    .then().statusCode(400)
                    .contentType(containsString("application/json"))
                    .body("code", equalTo("validation"))
                    .body("message", containsString("userIds"));
        }
    }

    @Test
    void refusesRequestsWithoutAValidTokenWithAJsonError() {
        given().queryParam("userIds", "bob")
                .get("/api/presence")
                .then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.forgedFor(reader)).queryParam("userIds", "bob")
                .get("/api/presence")
                .then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.forUser(reader, reader, Duration.ofSeconds(-60))).queryParam("userIds", "bob")
                .get("/api/presence")
                .then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    private static String users(int count) {
        return IntStream.range(0, count).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
    }
}
