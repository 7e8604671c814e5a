package io.chatrelay.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MessageCommand;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.testing.KafkaProbe;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;


/**
 * {@code message.events} as another service sees it (from the moment the test starts), and
 * {@code message.commands} as a gateway writes it; built on {@link KafkaProbe}.
 */
final class EventLog implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final KafkaProbe probe;
    private final ObjectMapper json;

    EventLog(String bootstrapServers, ObjectMapper json) {
        this.probe = KafkaProbe.watching(bootstrapServers, Topics.MESSAGE_EVENTS);
        this.json = json;
    }

    /** Publishes a command keyed as a gateway keys it. */
    void publish(MessageCommand command) {
        try {
            probe.publish(Topics.MESSAGE_COMMANDS, command.key(), json.writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Origin newOrigin() {
        return new Origin("test-gateway", UUID.randomUUID().toString());
    }

    /** Events of that type seen so far that match. */
    List<JsonNode> all(String type, Predicate<JsonNode> matches) {
        return probe.received().stream()
                .map(record -> read(record.value()))
                .filter(event -> event != null && type.equals(event.path("type").asText()) && matches.test(event))
                .toList();
    }

    /** Waits for the first event of that type that matches. */
    JsonNode await(String type, Predicate<JsonNode> matches) {
        Awaitility.await().atMost(WAIT).until(() -> !all(type, matches).isEmpty());
        return all(type, matches).get(0);
    }

    /** Waits for the answer to the command published with {@code origin}. */
    JsonNode answerTo(Origin origin, String type) {
        return await(type, event -> origin.requestId().equals(event.path("origin").path("requestId").asText()));
    }

    /**
     * Returns once message-service has handled everything published before on that conversation's partition,
     * and the probe has seen what it published for it: a command it refuses without touching any state, whose
     * answer goes to the same partition after everything it published before.
     */
    void sync(String conversationId) {
        Origin origin = newOrigin();
        publish(new MarkDelivered(origin, conversationId, "sync", 0, null));
        answerTo(origin, "command_result");
    }

    /** The key of each record of that type that matches. */
    List<String> keysOf(String type, Predicate<JsonNode> matches) {
        return probe.received().stream()
                .filter(record -> {
                    JsonNode event = read(record.value());
                    return event != null && type.equals(event.path("type").asText()) && matches.test(event);
                })
                .map(record -> record.key())
                .toList();
    }

    private JsonNode read(String value) {
        try {
            return value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
