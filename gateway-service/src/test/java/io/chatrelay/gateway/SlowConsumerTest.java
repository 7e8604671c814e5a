package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket that stops reading gets a bounded outbound queue ({@code gateway.max-pending-frames}); then it is closed
 * and its connection dropped, so it can neither grow the gateway's memory nor stay registered. A socket that reads
 * gets every frame of the same burst.
 */
@QuarkusTest
@TestProfile(SlowConsumerTest.SmallQueue.class)
class SlowConsumerTest {

    private static final int MAX_PENDING_FRAMES = 32;
    private static final int BURST = 400;
    /** 400 events of 48 KiB: ~19 MiB, more than the kernel buffers a stalled loopback connection. */
    private static final String BIG_CONTENT = "x".repeat(48 * 1024);

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.max-pending-frames", String.valueOf(MAX_PENDING_FRAMES));
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SessionRegistry sessions;

    @Test
    void aSocketThatStopsReadingIsClosedWhileAReadingOneGetsEveryFrame() throws Exception {
        HealthChecks.awaitReady();
        String stalled = "stalled-" + UUID.randomUUID();
        String reader = "reader-" + UUID.randomUUID();
        String sender = "sender-" + UUID.randomUUID();
        try (Socket neverReads = upgradeWithoutReading(stalled);
             TestSocket reads = TestSocket.connect(ws, TestTokens.forUser(reader));
             KafkaProbe kafka = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions.sessionsOf(stalled).size() == 1);
            reads.awaitRegistered();

            for (int seq = 1; seq <= BURST; seq++) {
                publishStored(kafka, sender, stalled, seq);
                publishStored(kafka, sender, reader, seq);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> sessions.sessionsOf(stalled).isEmpty());
            assertTrue(droppedByTheServer(neverReads), "the stalled connection is still open");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> reads.receivedEvents("new_direct_message").size() == BURST);
            assertTrue(reads.isOpen());
            assertEquals(1, sessions.sessionsOf(reader).size());
        }
    }

    /** Upgrades {@code /ws} over a plain socket with a tiny receive buffer, and never reads from it. */
    private Socket upgradeWithoutReading(String userId) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()));
        String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16)
                .getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + ws.getPath() + "?access_token=" + TestTokens.forUser(userId) + " HTTP/1.1\r\n"
                + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(readStatusLine(socket.getInputStream()).contains(" 101 "), "upgrade refused");
        return socket;
    }

    /** Reads what the kernel still buffered: the server dropped the connection when the stream ends. */
    private static boolean droppedByTheServer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) != -1) {
                // the frames that were on their way
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
            line.append((char) next);
        }
        return line.toString();
    }

    private static void publishStored(KafkaProbe kafka, String sender, String receiver, long seq) {
        String conversationId = ConversationIds.direct(sender, receiver);
        JsonObject message = new JsonObject().put("id", UUID.randomUUID().toString())
                .put("conversationId", conversationId).put("senderId", sender).put("receiverId", receiver)
                .put("content", BIG_CONTENT).put("type", "text").put("seq", seq).put("status", "sent")
                .put("createdAt", Instant.now().toString());
        JsonObject stored = new JsonObject().put("type", "message_stored").put("message", message)
                .put("duplicate", false);
        kafka.publish(Topics.GATEWAY_DELIVERIES, DELIVERY_PARTITION, conversationId, stored.encode());
    }
}
