package io.chatrelay.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays message-service's internal replay API on the port the %test profile points the gateway's REST client
 * at: {@code POST /internal/messages/replays} answers every query of a call with {@link #answer} once the test
 * completes it (so a test decides what happens while the replay is in flight); a null answer is a 500.
 * {@link #requests} holds each query asked, {@link #calls} the number of queries of each call. A query of a user
 * whose id starts with {@value #REFUSED} is answered with a validation error.
 */
final class MessageServiceReplayStandIn {

    /** The %test profile's replay URL; a test class under another profile (another class loader) uses its own port. */
    static final int PORT = 18586;
    static final String REFUSED = "refused-";

    private static final Map<Integer, MessageServiceReplayStandIn> INSTANCES = new HashMap<>();

    final ConcurrentLinkedQueue<JsonObject> requests = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> calls = new ConcurrentLinkedQueue<>();
    volatile CompletableFuture<JsonObject> answer = new CompletableFuture<>();

    private MessageServiceReplayStandIn(int port) throws Exception {
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    JsonArray queries = body.toJsonArray();
                    queries.forEach(query -> requests.add((JsonObject) query));
                    calls.add(queries.size());
                    answer.whenComplete((reply, failure) -> {
                        if (reply == null) {
                            request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                                    .end("{\"code\":\"internal\",\"message\":\"down\"}");
                        } else {
                            JsonArray outcomes = new JsonArray();
                            queries.forEach(query -> outcomes.add(((JsonObject) query).getString("userId").startsWith(REFUSED)
                                    ? new JsonObject().put("error", new JsonObject().put("code", "validation")
                                            .put("message", "refused by the test"))
                                    : new JsonObject().put("replay", reply)));
                            request.response().putHeader("Content-Type", "application/json").end(outcomes.encode());
                        }
                    });
                }))
                .listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static MessageServiceReplayStandIn get() throws Exception {
        return get(PORT);
    }

    static synchronized MessageServiceReplayStandIn get(int port) throws Exception {
        MessageServiceReplayStandIn instance = INSTANCES.get(port);
        if (instance == null) {
            instance = new MessageServiceReplayStandIn(port);
            INSTANCES.put(port, instance);
        }
        instance.answer = new CompletableFuture<>();
        instance.requests.clear();
        instance.calls.clear();
        return instance;
    }
}
