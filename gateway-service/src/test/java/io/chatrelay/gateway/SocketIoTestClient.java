package io.chatrelay.gateway;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The stock Java Socket.IO client (io.socket:socket.io-client 2.x), set up as an app would use it against this
 * gateway: websocket transport, token in the auth payload. One Engine.IO connection per instance, no
 * reconnection (a test wants to see a drop). Payloads are handed back as Vert.x {@link JsonObject}s.
 */
final class SocketIoTestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Socket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();

    private record Received(String event, JsonObject data) {
    }

    private SocketIoTestClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects and waits for the server's answer to CONNECT. */
    static SocketIoTestClient connect(URI gateway, String token) {
        SocketIoTestClient client = new SocketIoTestClient(IO.socket(gateway, options(token)));
        CompletableFuture<Object> answer = client.open();
        try {
            Object outcome = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (outcome != null) {
                client.close();
                throw new IllegalStateException("connection refused: " + outcome);
            }
            return client;
        } catch (IllegalStateException refused) {
            throw refused;
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("no answer to CONNECT", e);
        }
    }

    /** Connects with a token the server must refuse and returns the data of the {@code connect_error}. */
    static JsonObject connectError(URI gateway, String token) {
        SocketIoTestClient client = new SocketIoTestClient(IO.socket(gateway, options(token)));
        try {
            Object outcome = client.open().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (outcome == null) {
                throw new AssertionError("the server accepted the connection");
            }
            return new JsonObject(outcome.toString());
        } catch (AssertionError accepted) {
            throw accepted;
        } catch (Exception e) {
            throw new IllegalStateException("no answer to CONNECT", e);
        } finally {
            client.close();
        }
    }

    private static IO.Options options(String token) {
        IO.Options options = IO.Options.builder()
                .setTransports(new String[]{WebSocket.NAME})
                .setReconnection(false)
                .setForceNew(true)
                .build();
        if (token != null) {
            options.auth = Map.of("token", token);
        }
        return options;
    }

    /** @return completes with null once connected, or with the connect_error data */
    private CompletableFuture<Object> open() {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> answer.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> answer.complete(args.length > 0 ? args[0] : "connect_error"));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        socket.onAnyIncoming(args -> {
            if (args.length == 2 && args[0] instanceof String event) {
                received.add(new Received(event, new JsonObject(args[1].toString())));
            }
        });
        socket.connect();
        return answer;
    }

    String id() {
        return socket.id();
    }

    boolean isConnected() {
        return socket.connected();
    }

    /** @return why the client saw the connection end, once it did */
    String awaitDisconnect(Duration atMost) {
        try {
            return disconnected.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("still connected after " + atMost, e);
        }
    }

    boolean wasDisconnected() {
        return disconnected.isDone();
    }

    void emit(String event, JsonObject data) {
        socket.emit(event, toOrgJson(data));
    }

    /** Emits with an acknowledgement callback and waits for what the server acknowledged. */
    JsonObject emitWithAck(String event, JsonObject data) {
        CompletableFuture<JsonObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[]{toOrgJson(data)}, args -> ack.complete(new JsonObject(args[0].toString())));
        try {
            return ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no acknowledgement for " + event, e);
        }
    }

    /** Emits with an acknowledgement callback; the acknowledgement arrives in the returned future. */
    CompletableFuture<JsonObject> emitExpectingAck(String event, JsonObject data) {
        CompletableFuture<JsonObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[]{toOrgJson(data)}, args -> ack.complete(new JsonObject(args[0].toString())));
        return ack;
    }

    /** Waits for the first {@code event} whose data matches and returns that data. */
    JsonObject awaitEvent(String event, Predicate<JsonObject> dataMatches) {
        await().atMost(WAIT).until(() -> find(event, dataMatches) != null);
        return find(event, dataMatches);
    }

    JsonObject awaitEvent(String event) {
        return awaitEvent(event, data -> true);
    }

    List<JsonObject> receivedEvents(String event) {
        return received.stream().filter(item -> item.event().equals(event)).map(Received::data).toList();
    }

    private JsonObject find(String event, Predicate<JsonObject> dataMatches) {
        return receivedEvents(event).stream().filter(dataMatches).findFirst().orElse(null);
    }

    private static org.json.JSONObject toOrgJson(JsonObject data) {
        try {
            return new org.json.JSONObject(data.encode());
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
