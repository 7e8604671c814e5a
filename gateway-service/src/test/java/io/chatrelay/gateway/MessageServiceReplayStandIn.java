package io.chatrelay.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays message-service's internal replay API on the port the %test profile points the gateway's REST client
 * at: {@code POST /internal/messages/replay} answers with {@link #answer} once the test completes it (so a test
 * decides what happens while the replay is in flight); a null answer is a 500.
 */
final class MessageServiceReplayStandIn {

    static final int PORT = 18586;

    private static MessageServiceReplayStandIn instance;

    final ConcurrentLinkedQueue<JsonObject> requests = new ConcurrentLinkedQueue<>();
    volatile CompletableFuture<JsonObject> answer = new CompletableFuture<>();

    private MessageServiceReplayStandIn() throws Exception {
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    requests.add(body.toJsonObject());
                    answer.whenComplete((reply, failure) -> {
                        if (reply == null) {
                            request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                                    .end("{\"code\":\"internal\",\"message\":\"down\"}");
                        } else {
                            request.response().putHeader("Content-Type", "application/json").end(reply.encode());
                        }
                    });
                }))
                .listen(PORT).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static synchronized MessageServiceReplayStandIn get() throws Exception {
        if (instance == null) {
            instance = new MessageServiceReplayStandIn();
        }
        instance.answer = new CompletableFuture<>();
        instance.requests.clear();
        return instance;
    }
}
