package io.chatrelay.systemtests;

import io.chatrelay.testing.RawWebSocket;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconnect recovery through the packaged services: a device that comes back with its last seen seq per
 * conversation gets exactly what it missed, in seq order, once, and then live messages.
 */
class RecoveryIT {

    private static RunningSuite suite;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    /** Learnt from the first send's acknowledgement. */
    private String conversationId;

    @BeforeAll
    static void startSuite() {
        suite = RunningSuite.shared();
    }

    @Test
    void aNativeClientResumingFromSeq3GetsSeq4To8OnceInOrderThenLive() {
        try (TestSocket aliceSocket = connect(alice)) {
            try (TestSocket bobSocket = connect(bob)) {
                sendAll(aliceSocket, 1, 3);
                bobSocket.awaitEvent("new_direct_message", data -> data.getLong("seq") == 3);
            }
            sendAll(aliceSocket, 4, 8);
            try (TestSocket bobAgain = connect(bob)) {
                bobAgain.send("resume", new JsonObject().put("conversations",
                        new JsonObject().put(conversationId, 3)), 100);
                JsonObject ack = bobAgain.awaitAck(100);
                assertTrue(ack.getBoolean("ok"), ack.encode());
                assertEquals(5, ack.getInteger("replayed"));
                send(aliceSocket, 9);
                bobAgain.awaitEvent("new_direct_message", data -> data.getLong("seq") == 9);
                assertEquals(LongStream.rangeClosed(4, 9).boxed().toList(), seqs(bobAgain));
            }
        }
    }

    @Test
    void aSocketIoClientResumesInItsConnectAuth() {
        try (TestSocket aliceSocket = connect(alice)) {
            sendAll(aliceSocket, 1, 5);
            try (RawWebSocket bobSocket = RawWebSocket.connect(URI.create("http://localhost:" + RunningSuite.GATEWAY_PORT),
                    "/socket.io/?EIO=4&transport=websocket")) {
                bobSocket.awaitFrame(frame -> frame.startsWith("0{"));
                bobSocket.send("40" + new JsonObject().put("token", TestTokens.forUser(bob))
                        .put("resume", new JsonObject().put("conversations", new JsonObject().put(conversationId, 2)))
                        .encode());
                bobSocket.awaitFrame(frame -> frame.startsWith("42[\"new_direct_message\"") && frame.contains("\"seq\":5,"));
                send(aliceSocket, 6);
                bobSocket.awaitFrame(frame -> frame.startsWith("42[\"new_direct_message\"") && frame.contains("\"seq\":6,"));
                List<Long> seqs = bobSocket.received().stream()
                        .filter(frame -> frame.startsWith("42[\"new_direct_message\""))
                        .map(frame -> new JsonArray(frame.substring(2)).getJsonObject(1).getLong("seq"))
                        .toList();
                assertEquals(List.of(3L, 4L, 5L, 6L), seqs);
            }
        }
    }

    private void sendAll(TestSocket from, long firstSeq, long lastSeq) {
        LongStream.rangeClosed(firstSeq, lastSeq).forEach(seq -> send(from, seq));
    }

    private void send(TestSocket from, long expectedSeq) {
        from.send("send_direct_message", new JsonObject().put("receiverId", bob).put("content", "m" + expectedSeq),
                expectedSeq);
        JsonObject ack = from.awaitAck(expectedSeq);
        assertTrue(ack.getBoolean("ok"), ack.encode());
        assertEquals(expectedSeq, ack.getJsonObject("message").getLong("seq"));
        conversationId = ack.getJsonObject("message").getString("conversationId");
    }

    private static List<Long> seqs(TestSocket socket) {
        return socket.receivedEvents("new_direct_message").stream()
                .map(frame -> frame.getJsonObject("data").getLong("seq")).toList();
    }

    private static TestSocket connect(String userId) {
        return TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(userId));
    }
}
