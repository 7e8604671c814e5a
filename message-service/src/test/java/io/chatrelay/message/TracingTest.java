package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.testing.KafkaProbe;
import io.chatrelay.testing.TracingProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * With tracing switched on, the trace a gateway started for a send continues through message-service: the
 * {@code message_stored} event carries the same trace id, under a span of message-service's own.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
class TracingTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theStoredEventContinuesTheTraceOfTheCommand() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String gatewaySpanId = "00f067aa0ba902b7";
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        SendMessage command = new SendMessage(new Origin("test", UUID.randomUUID().toString()),
                ConversationIds.direct(alice, bob), alice, bob, null, MessageType.TEXT, "traced", Instant.now());

        try (KafkaProbe events = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_EVENTS)) {
            events.publish(Topics.MESSAGE_COMMANDS, command.conversationId(), json.writeValueAsString(command),
                    Map.of("traceparent", "00-" + traceId + "-" + gatewaySpanId + "-01"));

            String requestId = command.origin().requestId();
            await().atMost(Duration.ofSeconds(15)).until(() -> !events.receivedContaining(requestId).isEmpty());
            ConsumerRecord<String, String> stored = events.receivedContaining(requestId).get(0);
            assertEquals("message_stored", json.readTree(stored.value()).path("type").asText());
            String traceparent = KafkaProbe.header(stored, "traceparent");
            assertNotNull(traceparent, "the event carries a trace context");
            String[] parts = traceparent.split("-");
            assertEquals(traceId, parts[1], "same trace as the command");
            assertNotEquals(gatewaySpanId, parts[2], "under message-service's own span");
        }
    }
}
