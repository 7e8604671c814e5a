package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One direct message through the real architecture, every service its own process:
 * A's socket → gateway → Kafka → message-service → PostgreSQL → Kafka → gateway → each of B's sockets.
 */
class WalkingSkeletonIT {

    private static RunningSuite suite;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    static void startSuite() {
        suite = RunningSuite.shared();
    }

    @Test
    void allFourServicesAreReady() {
        suite.services().forEach(service -> assertEquals(200, service.readyStatus(), service.baseUrl()));
    }

    @Test
    void aDirectMessageReachesEverySocketOfTheReceiverAndIsStored() throws SQLException {
        try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice));
             TestSocket bobPhone = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(bob));
             TestSocket bobLaptop = TestSocket.connectWithHeader(suite.gatewayWs(), TestTokens.forUser(bob))) {
            String clientMessageId = "c-" + UUID.randomUUID();
            aliceSocket.send("send_direct_message", new JsonObject().put("receiverId", bob)
                    .put("content", "hello from the skeleton").put("type", "text")
                    .put("clientMessageId", clientMessageId), 1);

            JsonObject ack = aliceSocket.awaitAck(1);
            assertTrue(ack.getBoolean("ok"), ack.encode());
            JsonObject stored = ack.getJsonObject("message");
            String messageId = stored.getString("id");
            assertNotNull(messageId);
            assertEquals(1L, stored.getLong("seq"));
            assertEquals(alice, stored.getString("senderId"));
            assertEquals(clientMessageId, stored.getString("clientMessageId"));
            assertTrue(stored.getString("createdAt").endsWith("Z"));

            assertEquals(messageId, aliceSocket.awaitEvent("message_sent").getString("id"));
            assertEquals("hello from the skeleton", bobPhone.awaitEvent("new_direct_message").getString("content"));
            assertEquals(messageId, bobLaptop.awaitEvent("new_direct_message").getString("id"));
            assertEquals("hello from the skeleton", storedContent(messageId));
        }
    }

    @Test
    void aMissingOrForgedTokenIsRefusedAtTheUpgrade() {
        assertEquals(401, TestSocket.upgradeStatus(suite.gatewayWs(), null));
        assertEquals(401, TestSocket.upgradeStatus(suite.gatewayWs(), TestTokens.forgedFor(alice)));
    }

    @Test
    void aMalformedFrameGetsAMessageErrorAndTheSocketStaysUsable() {
        try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice))) {
            aliceSocket.sendRaw("this is not json");
            assertEquals("validation", aliceSocket.awaitEvent("message_error").getString("code"));

            aliceSocket.send("send_direct_message", new JsonObject().put("receiverId", bob).put("content", "still here"), 2);
            assertTrue(aliceSocket.awaitAck(2).getBoolean("ok"));
            assertTrue(aliceSocket.isOpen());
        }
    }

    @Test
    void servicesLogJsonLinesAndNeverMessageContent() throws IOException {
        String secret = "secret-content-" + UUID.randomUUID();
        try (TestSocket aliceSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(alice));
             TestSocket bobSocket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(bob))) {
            aliceSocket.send("send_direct_message", new JsonObject().put("receiverId", bob).put("content", secret), 3);
            assertTrue(aliceSocket.awaitAck(3).getBoolean("ok"));
            assertEquals(secret, bobSocket.awaitEvent("new_direct_message").getString("content"));
        }
        for (ServiceProcess service : suite.services()) {
            List<String> lines = Files.readAllLines(service.log()).stream().filter(line -> !line.isBlank()).toList();
            assertFalse(lines.isEmpty(), service.log() + " is empty");
            for (String line : lines) {
                assertTrue(line.startsWith("{") && new JsonObject(line).containsKey("level"),
                        service.log() + ": not a JSON log line: " + line);
                assertFalse(line.contains(secret), service.log() + " logged message content: " + line);
            }
        }
    }

    private static String storedContent(String messageId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + Integer.getInteger("pg.port", 5432) + "/message_db",
                "message_svc", "message_svc");
             PreparedStatement query = connection.prepareStatement("select content from messages where id = ?")) {
            query.setObject(1, UUID.fromString(messageId));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
