package io.chatrelay.gateway;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A socket lives no longer than its token, unless the client refreshes the token in time. */
@QuarkusTest
class TokenExpiryTest {

    @TestHTTPResource("/ws")
    URI ws;

    private final String alice = "alice-" + UUID.randomUUID();

    @Test
    void aSocketWhoseTokenExpiresIsToldAndClosedWith4001() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice, alice, Duration.ofSeconds(2)))) {
            assertEquals("token expired: reconnect with a fresh token", socket.awaitEvent("session_expired").getString("reason"));
            await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeStatus() != null);
            assertEquals(4001, socket.closeStatus());
        }
    }

    @Test
    void aFresherTokenOfTheSameUserKeepsTheSocketOpen() throws InterruptedException {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice, alice, Duration.ofSeconds(2)))) {
            socket.send("refresh_token", new JsonObject().put("token", TestTokens.forUser(alice)), 1);
            JsonObject ack = socket.awaitAck(1);
            assertTrue(ack.getBoolean("ok"), ack.encode());

            Thread.sleep(3_000);
            assertTrue(socket.isOpen());
            assertTrue(socket.receivedEvents("session_expired").isEmpty());
        }
    }

    @Test
    void aTokenOfAnotherUserOrAnInvalidOneIsRefused() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.send("refresh_token", new JsonObject().put("token", TestTokens.forUser("mallory")), 1);
            socket.send("refresh_token", new JsonObject().put("token", TestTokens.forgedFor(alice)), 2);
            socket.send("refresh_token", new JsonObject(), 3);

            assertEquals("forbidden", socket.awaitAck(1).getJsonObject("error").getString("code"));
            assertEquals("validation", socket.awaitAck(2).getJsonObject("error").getString("code"));
            assertEquals("validation", socket.awaitAck(3).getJsonObject("error").getString("code"));
            assertTrue(socket.isOpen());
        }
    }
}
