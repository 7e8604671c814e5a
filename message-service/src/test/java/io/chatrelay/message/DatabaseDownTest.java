package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.chatrelay.message.Api.as;
import static io.chatrelay.message.Api.newUser;
import static io.chatrelay.message.EventLog.newOrigin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With PostgreSQL unreachable every command is still answered (internal) and the consumer keeps going: a
 * gateway waiting for an answer gets one, and the process stays alive.
 */
@QuarkusTest
@TestProfile(UnreachableDatabaseTest.DatabaseOnAClosedPort.class)
class DatabaseDownTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String conversation = ConversationIds.direct(alice, bob);

    @Test
    void everyCommandIsAnsweredWithAnInternalErrorAndTheConsumerKeepsGoing() {
        try (EventLog events = new EventLog(bootstrapServers, json)) {
            SendMessage send = new SendMessage(newOrigin(), conversation, alice, bob, null, MessageType.TEXT, "hi",
                    Instant.now());
            Origin delivered = newOrigin();
            Origin read = newOrigin();
            Origin catchUp = newOrigin();

            events.publish(send);
            events.publish(new MarkDelivered(delivered, conversation, bob, 1, null));
            events.publish(new MarkRead(read, conversation, bob, null));
            events.publish(new CatchUpDelivered(catchUp, bob));

            assertEquals("internal", events.answerTo(send.origin(), "message_rejected").get("code").asText());
            assertEquals("internal", events.answerTo(delivered, "command_result").get("code").asText());
            assertEquals("internal", events.answerTo(read, "command_result").get("code").asText());
            assertEquals("internal", events.answerTo(catchUp, "command_result").get("code").asText());
        }
        HealthChecks.assertAliveButNotReady();
    }

    @Test
    void restAnswersWithAJsonInternalError() {
        as(alice).body(Map.of("receiverId", bob, "content", "hi")).post("/api/messages")
                .then().statusCode(500).contentType(ContentType.JSON).body("code", equalTo("internal"));
        as(alice).get("/api/messages/conversations")
                .then().statusCode(500).contentType(ContentType.JSON).body("code", equalTo("internal"));
    }
}
