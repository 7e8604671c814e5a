package io.chatrelay.gateway;

import io.chatrelay.contracts.Topics;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TracingProfile;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With tracing switched on (the {@code tracing} profile), a message's command leaves the gateway with a W3C trace
 * context in its Kafka headers, which message-service continues. Off by default: see {@link NativeProtocolTest}.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
class TracingTest {

    static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aSentMessageCarriesItsTraceContextToMessageService() {
        HealthChecks.awaitReady();
        String alice = "alice-" + UUID.randomUUID();
        String clientMessageId = "c-" + UUID.randomUUID();
        try (KafkaProbe commands = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_COMMANDS);
             TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            socket.send("send_direct_message", new JsonObject().put("receiverId", "bob-" + UUID.randomUUID())
                    .put("content", "traced").put("clientMessageId", clientMessageId));

            await().atMost(Duration.ofSeconds(10)).until(() -> !commands.receivedContaining(clientMessageId).isEmpty());
            ConsumerRecord<String, String> command = commands.receivedContaining(clientMessageId).get(0);
            String traceparent = KafkaProbe.header(command, "traceparent");
            assertTrue(traceparent != null && TRACEPARENT.matcher(traceparent).matches(),
                    "traceparent header: " + traceparent);
        }
    }
}
