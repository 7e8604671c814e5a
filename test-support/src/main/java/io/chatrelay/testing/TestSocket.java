package io.chatrelay.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A client of the native protocol on /ws, as an app would be: it sends frames and records every frame it
 * receives. Frames are JSON objects {@code {"event", "data", "ack"?}}.
 */
public final class TestSocket implements AutoCloseable {

    /** The ack id {@link #awaitRegistered()} uses; tests number their own acks from 1. */
    public static final long REGISTERED_ACK = 999_999;

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private volatile Integer closeStatus;

    private TestSocket(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects with the token as {@code ?access_token=}, as a browser must. */
    public static TestSocket connect(URI gatewayWs, String token) {
        return connect(options(gatewayWs, "?access_token=" + token));
    }

    /** Connects with the token in an {@code Authorization: Bearer} header. */
    /** Connects announcing a {@code resume} frame ({@code ?resume=true}): live events wait for it. */
    public static TestSocket connectResuming(URI gatewayWs, String token) {
        return connect(options(gatewayWs, "?access_token=" + token + "&resume=true"));
    }

    public static TestSocket connectWithHeader(URI gatewayWs, String token) {
        return connect(options(gatewayWs, "").addHeader("Authorization", "Bearer " + token));
    }

    /** @return the HTTP status that refused the upgrade, or 101 if it was accepted */
    public static int upgradeStatus(URI gatewayWs, String queryToken) {
        try {
            connect(options(gatewayWs, queryToken == null ? "" : "?access_token=" + queryToken)).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    /**
     * Opens a socket the gateway accepts and closes at once (a limit), and returns its close status. When the
     * close frame comes with the upgrade answer, the Vert.x client can fail the connect instead of reporting the
     * close; such an attempt tells nothing, so it is made again (at most three times).
     */
    public static int closeStatusOnConnect(URI gatewayWs, String token) {
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            TestSocket socket;
            try {
                socket = connect(gatewayWs, token);
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof UpgradeRejectedException) {
                    throw e;
                }
                lastFailure = e;
                continue;
            }
            try {
                await().atMost(WAIT).until(() -> socket.closeStatus() != null);
                return socket.closeStatus();
            } finally {
                socket.close();
            }
        }
        throw lastFailure;
    }

    private static WebSocketConnectOptions options(URI gatewayWs, String query) {
        return new WebSocketConnectOptions()
                .setHost(gatewayWs.getHost())
                .setPort(gatewayWs.getPort())
                .setURI(gatewayWs.getPath() + query);
    }

    /** The handlers are in place before the upgrade: no frame the server sends at once can slip past them. */
    private static TestSocket connect(WebSocketConnectOptions options) {
        ClientWebSocket webSocket = VERTX.createWebSocketClient().webSocket();
        TestSocket testSocket = new TestSocket(webSocket);
        webSocket.textMessageHandler(text -> testSocket.received.add(new JsonObject(text)));
        webSocket.closeHandler(ignored -> testSocket.closeStatus = webSocket.closeStatusCode() == null
                ? -1 : webSocket.closeStatusCode().intValue());
        try {
            webSocket.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return testSocket;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not connect to " + options.getURI() + ": " + cause, cause);
        }
    }

    public void send(String event, JsonObject data) {
        sendRaw(new JsonObject().put("event", event).put("data", data).encode());
    }

    public void send(String event, JsonObject data, long ack) {
        sendRaw(new JsonObject().put("event", event).put("data", data).put("ack", ack).encode());
    }

    public void sendRaw(String frame) {
        socket.writeTextMessage(frame);
    }

    public void sendBinary(byte[] frame) {
        socket.writeBinaryMessage(Buffer.buffer(frame));
    }

    /** A text frame with exactly these bytes, even when they are not UTF-8 (which a String cannot carry). */
    public void sendTextBytes(byte[] payload) {
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, payload, true));
    }

    /**
     * One round trip (a {@code typing_stop} for a conversation this socket never typed in: it sends nothing on):
     * the client sees the upgrade answer before the gateway has registered the socket, and this returns once it
     * has. Its ack id is {@link #REGISTERED_ACK}.
     */
    public TestSocket awaitRegistered() {
        send("typing_stop", new JsonObject().put("receiverId", "registration-probe"), REGISTERED_ACK);
        JsonObject answer = awaitAck(REGISTERED_ACK);
        if (!answer.getBoolean("ok", false)) {
            throw new IllegalStateException("the round trip failed: " + answer.encode());
        }
        return this;
    }

    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    public List<JsonObject> receivedEvents(String event) {
        return received.stream().filter(frame -> event.equals(frame.getString("event"))).toList();
    }

    /** Waits for the first frame of {@code event} whose data matches, and returns that data. */
    public JsonObject awaitEvent(String event, Predicate<JsonObject> dataMatches) {
        await().atMost(WAIT).until(() -> findEvent(event, dataMatches) != null);
        return findEvent(event, dataMatches);
    }

    public JsonObject awaitEvent(String event) {
        return awaitEvent(event, data -> true);
    }

    /** Waits for the acknowledgement {@code ack} and returns its data. */
    public JsonObject awaitAck(long ack) {
        Predicate<JsonObject> isTheAck = frame -> "ack".equals(frame.getString("event")) && frame.getLong("ack") == ack;
        await().atMost(WAIT).until(() -> received.stream().anyMatch(isTheAck));
        return received.stream().filter(isTheAck).findFirst().orElseThrow().getJsonObject("data");
    }

    /** @return the close status code once the server closed the socket, or null while it is open */
    public Integer closeStatus() {
        return closeStatus;
    }

    public boolean isOpen() {
        return closeStatus == null && !socket.isClosed();
    }

    private JsonObject findEvent(String event, Predicate<JsonObject> dataMatches) {
        return received.stream()
                .filter(frame -> event.equals(frame.getString("event")))
                .map(frame -> frame.getJsonObject("data"))
                .filter(dataMatches)
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
