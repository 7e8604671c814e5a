package io.chatrelay.gateway;

import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames reach clients straight through the Vert.x socket on both transports, not through websockets-next's send
 * API (a fan-out's main cost). A websockets-next upgrade that hides the socket fails here, not silently in the
 * benchmark.
 */
@QuarkusTest
class SocketWriterTest {

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    SessionRegistry sessions;

    @Test
    void nativeSocketsAreWrittenDirectly() {
        String user = "writer-" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(user))) {
            socket.send("no_such_event", new JsonObject(), 1);
            socket.awaitAck(1);
            assertWrittenDirectly(user);
        }
    }

    @Test
    void socketIoSocketsAreWrittenDirectly() {
        String user = "writer-" + UUID.randomUUID();
        try (SocketIoTestClient client = SocketIoTestClient.connect(gateway, TestTokens.forUser(user))) {
            assertWrittenDirectly(user);
        }
    }

    private void assertWrittenDirectly(String user) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !sessions.sessionsOf(user).isEmpty());
        Collection<ClientSession> ofUser = sessions.sessionsOf(user);
        assertEquals(1, ofUser.size());
        assertTrue(ofUser.iterator().next().writesDirectly());
    }
}
