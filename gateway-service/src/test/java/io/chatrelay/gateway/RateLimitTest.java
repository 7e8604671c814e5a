package io.chatrelay.gateway;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user limits, counted in Redis so that every gateway (and every socket of the user) shares them. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.rate-limit.send.max", "3", "gateway.rate-limit.send.window", "60s",
                    "gateway.rate-limit.typing.max", "3", "gateway.rate-limit.typing.window", "60s",
                    "gateway.rate-limit.rest.max", "2", "gateway.rate-limit.rest.window", "60s");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisPipeline pipeline;

    private final String alice = "alice-" + UUID.randomUUID();

    @BeforeEach
    void ready() {
        HealthChecks.awaitReady();
    }

    @Test
    void sendsOverTheLimitAreRefusedWithRateLimitedOnEverySocketOfTheUser() {
        try (TestSocket phone = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket laptop = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            for (int i = 0; i < 3; i++) {
                (i % 2 == 0 ? phone : laptop).send("send_direct_message",
                        new JsonObject().put("receiverId", "bob").put("content", "hi " + i).put("clientMessageId", "ok-" + i));
            }
            laptop.send("send_direct_message", new JsonObject().put("receiverId", "bob").put("content", "one too many")
                    .put("clientMessageId", "over-1"));

            // the four sends race to Redis: whichever counts fourth is refused, the other three pass
            await().atMost(Duration.ofSeconds(10)).until(() -> refusals(phone) + refusals(laptop) == 1);
            JsonObject refused = java.util.stream.Stream.of(phone, laptop)
                    .flatMap(socket -> socket.receivedEvents("message_error").stream())
                    .map(frame -> frame.getJsonObject("data")).findFirst().orElseThrow();
            assertEquals("rate_limited", refused.getString("code"));
            assertTrue(refused.getString("clientMessageId").matches("ok-\\d|over-1"), refused.encode());

            // a window's counter expires by itself (after two windows), however the user's requests stop
            List<String> counters = redis.key().keys("rl:send:" + alice + ":*");
            assertFalse(counters.isEmpty());
            for (String counter : counters) {
                long expiresInMs = redis.key().pttl(counter);
                assertTrue(expiresInMs > 60_000 && expiresInMs <= 120_000, counter + " expires in " + expiresInMs + " ms");
            }
        }
    }

    private static long refusals(TestSocket socket) {
        return socket.receivedEvents("message_error").size();
    }

    @Test
    void theCounterLivesInRedisSoAnotherGatewaysSendsCount() {
        long window = System.currentTimeMillis() / 60_000;
        redis.value(Long.class).set("rl:send:" + alice + ":" + window, 3L); // as if another gateway took all three
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.send("send_direct_message", new JsonObject().put("receiverId", "bob").put("content", "x"), 1);
            assertEquals("rate_limited", socket.awaitAck(1).getJsonObject("error").getString("code"));
        }
    }

    @Test
    void theLimitHoldsAgainOnceRedisDroppedTheGatewaysConnections() {
        long window = System.currentTimeMillis() / 60_000;
        redis.value(Long.class).set("rl:send:" + alice + ":" + window, 3L);
        assertEquals("PONG", ping()); // the pipelined connection is open

        redis.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"); // as in a Redis restart

        // a command that met the lost connection fails (a rate limit lets it through); the next go on a new one
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(ping()));
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.send("send_direct_message", new JsonObject().put("receiverId", "bob").put("content", "x"), 1);
            assertEquals("rate_limited", socket.awaitAck(1).getJsonObject("error").getString("code"));
        }
    }

    private String ping() {
        return pipeline.send(Request.cmd(Command.PING)).await().atMost(Duration.ofSeconds(1)).toString();
    }

    @Test
    void typingWithinTheLimitIsDeliveredAndTypingBeyondItIsRefusedWithRateLimited() {
        String bob = "bob-" + UUID.randomUUID();
        String carol = "carol-" + UUID.randomUUID();
        try (TestSocket aliceSocket = TestSocket.connect(ws, TestTokens.forUser(alice));
             TestSocket bobSocket = TestSocket.connect(ws, TestTokens.forUser(bob)).awaitRegistered();
             TestSocket carolSocket = TestSocket.connect(ws, TestTokens.forUser(carol)).awaitRegistered()) {
            aliceSocket.send("typing_start", new JsonObject().put("receiverId", bob), 1);
            assertTrue(aliceSocket.awaitAck(1).getBoolean("ok"));
            assertEquals(alice, bobSocket.awaitEvent("user_typing").getString("userId"));
            aliceSocket.send("typing_stop", new JsonObject().put("receiverId", bob), 2);
            assertTrue(aliceSocket.awaitAck(2).getBoolean("ok"));
            assertEquals(alice, bobSocket.awaitEvent("user_stopped_typing").getString("userId"));
            aliceSocket.send("typing_stop", new JsonObject().put("receiverId", bob), 3);
            assertTrue(aliceSocket.awaitAck(3).getBoolean("ok"));

            aliceSocket.send("typing_start", new JsonObject().put("receiverId", carol), 4);
            JsonObject refused = aliceSocket.awaitAck(4);
            assertFalse(refused.getBoolean("ok"));
            assertEquals("rate_limited", refused.getJsonObject("error").getString("code"));
            aliceSocket.send("typing_start", new JsonObject().put("receiverId", carol));
            assertEquals("rate_limited", aliceSocket.awaitEvent("message_error").getString("code"));

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> carolSocket.receivedEvents("user_typing").isEmpty());
            assertTrue(redis.key().keys("rl:send:" + alice + ":*").isEmpty(), "typing counted as sends");
        }
    }

    @Test
    void otherEventsHaveTheirOwnLimit() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            for (int i = 0; i < 5; i++) {
                socket.send("no_such_event", new JsonObject());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.receivedEvents("message_error").size() == 5);
            assertTrue(socket.receivedEvents("message_error").stream()
                    .allMatch(frame -> "validation".equals(frame.getJsonObject("data").getString("code"))));
        }
    }

    @Test
    void restCallsOverTheLimitGet429WithAJsonBody() {
        String token = TestTokens.forUser(alice);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).get("/api/presence?userIds=x").then().statusCode(502);
        }
        given().auth().oauth2(token).get("/api/presence?userIds=x").then().statusCode(429)
                .body("code", equalTo("rate_limited"));
        given().auth().oauth2(TestTokens.forUser("bob-" + UUID.randomUUID())).get("/api/presence?userIds=x")
                .then().statusCode(502);
    }
}
