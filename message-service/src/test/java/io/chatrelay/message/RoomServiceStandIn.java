package io.chatrelay.message;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays room-service's internal membership API on the port the %test profile points message-service at:
 * {@code GET /internal/rooms/{id}/membership} answers what the test put, 404 otherwise, and counts the calls.
 */
final class RoomServiceStandIn {

    static final int PORT = 18584;

    private static RoomServiceStandIn instance;

    /** Per room, the snapshots to answer in turn; the last one stays. */
    private final Map<String, Deque<JsonObject>> memberships = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private RoomServiceStandIn() throws Exception {
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> {
                    String[] path = request.path().split("/");
                    String roomId = path.length == 5 ? path[3] : "";
                    requests.computeIfAbsent(roomId, id -> new AtomicInteger()).incrementAndGet();
                    JsonObject membership = next(roomId);
                    if (membership == null) {
                        request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                                .end("{\"code\":\"not_found\",\"message\":\"no such room\"}");
                    } else {
                        request.response().putHeader("Content-Type", "application/json").end(membership.encode());
                    }
                })
                .listen(PORT).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static synchronized RoomServiceStandIn get() {
        if (instance == null) {
            try {
                instance = new RoomServiceStandIn();
            } catch (Exception e) {
                throw new IllegalStateException("cannot play room-service on port " + PORT, e);
            }
        }
        return instance;
    }

    /** From now on room-service answers this snapshot for the room; the first member is its owner. */
    void room(String roomId, String name, long version, List<String> memberIds) {
        memberships.put(roomId, new ArrayDeque<>(List.of(snapshot(roomId, name, version, memberIds))));
    }

    /** Room-service answers {@code first} once, then the room's current snapshot (set with {@link #room}). */
    void answerFirst(String roomId, String name, long version, List<String> memberIds) {
        memberships.get(roomId).addFirst(snapshot(roomId, name, version, memberIds));
    }

    private synchronized JsonObject next(String roomId) {
        Deque<JsonObject> answers = memberships.get(roomId);
        if (answers == null) {
            return null;
        }
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    private static JsonObject snapshot(String roomId, String name, long version, List<String> memberIds) {
        return new JsonObject().put("roomId", roomId).put("name", name).put("ownerId", memberIds.get(0))
                .put("version", version).put("memberIds", new JsonArray(memberIds));
    }

    /** How many snapshot requests named the room. */
    int requestsFor(String roomId) {
        AtomicInteger count = requests.get(roomId);
        return count == null ? 0 : count.get();
    }
}
