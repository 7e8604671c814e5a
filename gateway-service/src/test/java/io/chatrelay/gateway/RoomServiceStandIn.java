package io.chatrelay.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays room-service's internal membership API on the port the %test profile points the gateway at:
 * {@code GET /internal/rooms/{id}/membership} answers what the test put, 404 otherwise.
 */
final class RoomServiceStandIn {

    static final int PORT = 18583;

    private static RoomServiceStandIn instance;

    private final Map<String, JsonObject> memberships = new ConcurrentHashMap<>();

    private RoomServiceStandIn() throws Exception {
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> {
                    String[] path = request.path().split("/");
                    JsonObject membership = path.length == 5 ? memberships.get(path[3]) : null;
                    if (membership == null) {
                        request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                                .end("{\"code\":\"not_found\",\"message\":\"no such room\"}");
                    } else {
                        request.response().putHeader("Content-Type", "application/json").end(membership.encode());
                    }
                })
                .listen(PORT).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static synchronized RoomServiceStandIn get() throws Exception {
        if (instance == null) {
            instance = new RoomServiceStandIn();
        }
        return instance;
    }

    void room(String roomId, long version, List<String> memberIds) {
        memberships.put(roomId, new JsonObject().put("roomId", roomId).put("name", "room " + roomId)
                .put("ownerId", memberIds.get(0)).put("version", version).put("memberIds", new JsonArray(memberIds)));
    }
}
