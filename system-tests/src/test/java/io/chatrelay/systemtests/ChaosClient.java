package io.chatrelay.systemtests;

import io.chatrelay.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One app on the native protocol that behaves as the docs tell apps to: when its socket drops it connects
 * again (to the next gateway of its list, as a load balancer would send it), announces and sends a
 * {@code resume} with the last seq it saw per conversation, and counts what it is shown: each message id
 * must appear once and, per conversation, in seq order.
 */
final class ChaosClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    final String userId;
    private final String token;
    private final List<URI> gateways;
    private final WebSocketClient client = VERTX.createWebSocketClient();
    private final AtomicInteger gatewayIndex;
    private final AtomicLong nextAck = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonObject>> pendingAcks = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicatesShown = new AtomicInteger();
    final AtomicInteger shownOutOfOrder = new AtomicInteger();
    final AtomicInteger reconnects = new AtomicInteger();
    private volatile WebSocket socket;
    private volatile boolean closed;
    /** When the last reconnect finished its resume (epoch ms; 0 before any). */
    volatile long lastResumedAt;

    ChaosClient(String userId, List<URI> gateways, int firstGateway) {
        this.userId = userId;
        this.token = TestTokens.forUser(userId, userId, Duration.ofHours(2));
        this.gateways = gateways;
        this.gatewayIndex = new AtomicInteger(firstGateway);
    }

    /** Connects to its first gateway; fails if that is not possible within 10 s. */
    ChaosClient connect() {
        try {
            open(false).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(userId + " could not connect", e);
        }
        return this;
    }

    /** Sends a direct message; completes with the ack's data, or fails when the socket drops or no ack comes. */
    CompletableFuture<JsonObject> send(String receiverId, String content, String clientMessageId) {
        WebSocket current = socket;
        if (current == null || current.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        long ack = nextAck.getAndIncrement();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pendingAcks.put(ack, answer);
        current.writeTextMessage(new JsonObject().put("event", "send_direct_message").put("ack", ack)
                .put("data", new JsonObject().put("receiverId", receiverId).put("content", content)
                        .put("clientMessageId", clientMessageId)).encode());
        return answer.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> pendingAcks.remove(ack));
    }

    boolean hasShown(String messageId) {
        return shown.contains(messageId);
    }

    int shownCount() {
        return shown.size();
    }

    private CompletableFuture<Void> open(boolean resuming) {
        URI gateway = gateways.get(Math.floorMod(gatewayIndex.get(), gateways.size()));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI(gateway.getPath() + "?access_token=" + token
                        + (resuming ? "&resume=true" : ""));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        client.connect(options).onComplete(result -> {
            if (result.failed()) {
                opened.completeExceptionally(result.cause());
                return;
            }
            WebSocket webSocket = result.result();
            webSocket.textMessageHandler(this::onFrame);
            webSocket.closeHandler(ignored -> onClosed(webSocket));
            socket = webSocket;
            if (resuming) {
                resume(webSocket);
            }
            opened.complete(null);
        });
        return opened;
    }

    private void resume(WebSocket webSocket) {
        long ack = nextAck.getAndIncrement();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pendingAcks.put(ack, answer);
        JsonObject conversations = new JsonObject();
        lastSeq.forEach(conversations::put);
        webSocket.writeTextMessage(new JsonObject().put("event", "resume").put("ack", ack)
                .put("data", new JsonObject().put("conversations", conversations)).encode());
        answer.whenComplete((data, failure) -> {
            pendingAcks.remove(ack);
            if (failure == null && data.getBoolean("ok", false)) {
                lastResumedAt = System.currentTimeMillis();
            } else if (!webSocket.isClosed()) {
                webSocket.close(); // resume again on another socket
            }
        });
    }

    private void onFrame(String text) {
        JsonObject frame = new JsonObject(text);
        String event = frame.getString("event");
        if ("ack".equals(event)) {
            CompletableFuture<JsonObject> answer = pendingAcks.get(frame.getLong("ack"));
            if (answer != null) {
                answer.complete(frame.getJsonObject("data"));
            }
        } else if ("new_direct_message".equals(event)) {
            JsonObject message = frame.getJsonObject("data");
            if (!shown.add(message.getString("id"))) {
                duplicatesShown.incrementAndGet();
            }
            long seq = message.getLong("seq");
            Long before = lastSeq.put(message.getString("conversationId"), seq);
            if (before != null && seq <= before) {
                shownOutOfOrder.incrementAndGet();
                lastSeq.put(message.getString("conversationId"), before);
            }
        }
    }

    private void onClosed(WebSocket webSocket) {
        pendingAcks.values().forEach(answer -> answer.completeExceptionally(new IllegalStateException("socket closed")));
        if (closed || webSocket != socket) {
            return;
        }
        reconnects.incrementAndGet();
        reconnect(200);
    }

    private void reconnect(long delayMillis) {
        VERTX.setTimer(delayMillis, timer -> {
            if (closed) {
                return;
            }
            gatewayIndex.incrementAndGet();
            open(true).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    reconnect(Math.min(delayMillis * 2, 2_000));
                }
            });
        });
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        if (current != null) {
            current.close();
        }
        client.close();
    }
}
