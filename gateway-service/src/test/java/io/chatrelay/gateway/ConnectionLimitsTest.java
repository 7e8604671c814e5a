package io.chatrelay.gateway;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One user cannot take all of a gateway's sockets, and a full gateway sends newcomers elsewhere. */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.SmallLimits.class)
class ConnectionLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.max-connections-per-user", "2", "gateway.max-connections", "4");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void aUserBeyondTheirSocketLimitIsClosedWith1008AndAFullGatewayAnswers1013() {
        String alice = "alice-" + UUID.randomUUID();
        List<TestSocket> sockets = new ArrayList<>();
        try {
            sockets.add(registered(TestSocket.connect(ws, TestTokens.forUser(alice))));
            sockets.add(registered(TestSocket.connect(ws, TestTokens.forUser(alice))));
            assertEquals(1008, TestSocket.closeStatusOnConnect(ws, TestTokens.forUser(alice)));
            assertTrue(sockets.get(0).isOpen() && sockets.get(1).isOpen());

            sockets.add(registered(TestSocket.connect(ws, TestTokens.forUser("bob-" + UUID.randomUUID()))));
            sockets.add(registered(TestSocket.connect(ws, TestTokens.forUser("carol-" + UUID.randomUUID()))));
            assertEquals(1013, TestSocket.closeStatusOnConnect(ws, TestTokens.forUser("dave-" + UUID.randomUUID())));
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    /**
     * Sockets open in parallel on the server (one event loop each), so which of two just-opened sockets is over a
     * limit is a race: a round trip first makes sure this one is registered before the next one opens.
     */
    private static TestSocket registered(TestSocket socket) {
        socket.send("no_such_event", new JsonObject(), 1);
        socket.awaitAck(1);
        return socket;
    }
}
