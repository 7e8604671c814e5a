package io.chatrelay.gateway;

import io.chatrelay.gateway.messaging.MessageServiceClient;
import io.chatrelay.gateway.messaging.ReplayBatcher;
import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Resumes are asked of message-service many per call: those that come while the allowed calls are in flight go
 * together in the next one, each gets its own answer, and one refused query fails alone.
 */
@QuarkusTest
@TestProfile(ResumeBatchingTest.OneCallAtATime.class)
class ResumeBatchingTest {

    static final int STAND_IN_PORT = MessageServiceReplayStandIn.PORT + 1;

    public static class OneCallAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.resume-concurrency", "1", "gateway.resume-batch-size", "3",
                    "quarkus.rest-client.message-service.url", "http://localhost:" + STAND_IN_PORT);
        }
    }

    @Inject
    ReplayBatcher batcher;

    private MessageServiceReplayStandIn messageService;

    @BeforeEach
    void setUp() throws Exception {
        HealthChecks.awaitReady();
        messageService = MessageServiceReplayStandIn.get(STAND_IN_PORT);
    }

    @AfterEach
    void tearDown() {
        messageService.answer.complete(null);
    }

    @Test
    void resumesThatComeWhileACallIsInFlightGoTogetherInTheNextCalls() throws Exception {
        CompletableFuture<MessageServiceClient.Replay> first = ask("dana");
        await().until(() -> messageService.calls.size() == 1);
        List<CompletableFuture<MessageServiceClient.Replay>> waiting = List.of(ask("erin"), ask("finn"), ask("gus"),
                ask("hal"));

        messageService.answer.complete(new JsonObject().put("messages", new JsonArray()).put("truncated", true)
                .put("cursors", new JsonArray()));

        for (CompletableFuture<MessageServiceClient.Replay> each : waiting) {
            assertEquals(true, each.get(10, TimeUnit.SECONDS).truncated());
        }
        assertEquals(true, first.get(10, TimeUnit.SECONDS).truncated());
        assertEquals(List.of(1, 3, 1), List.copyOf(messageService.calls), "calls of at most 3, one at a time");
        assertEquals(List.of("dana", "erin", "finn", "gus", "hal"),
                messageService.requests.stream().map(query -> query.getString("userId")).toList());
    }

    @Test
    void aQueryMessageServiceRefusesFailsAloneInItsCall() throws Exception {
        CompletableFuture<MessageServiceClient.Replay> first = ask("dana");
        await().until(() -> messageService.calls.size() == 1);
        CompletableFuture<MessageServiceClient.Replay> refused = ask(MessageServiceReplayStandIn.REFUSED + "erin");
        CompletableFuture<MessageServiceClient.Replay> fine = ask("finn");

        messageService.answer.complete(new JsonObject().put("messages", new JsonArray()).put("truncated", false)
                .put("cursors", new JsonArray()));

        assertEquals(false, fine.get(10, TimeUnit.SECONDS).truncated());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ReplayBatcher.ReplayFailed.class, failure.getCause());
        first.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1, 2), List.copyOf(messageService.calls));
    }

    private CompletableFuture<MessageServiceClient.Replay> ask(String userId) {
        return batcher.replay(new MessageServiceClient.ReplayQuery(userId, Map.of(), null, null))
                .subscribeAsCompletionStage();
    }
}
