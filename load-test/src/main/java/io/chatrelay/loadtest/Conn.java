package io.chatrelay.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One client socket, Socket.IO v4 (Engine.IO 4 framing done here: open packet, {@code 2}→{@code 3},
 * {@code 40{"token"}} CONNECT, {@code 42[...]}/{@code 42<id>[...]}, {@code 43<id>[...]}) or the native {@code /ws}
 * JSON protocol. Lives on one event-loop context: every method is called on it, so there is no locking.
 */
final class Conn {

    enum Proto { SOCKETIO, WS }

    /** Receives server events: the name and the event's argument as JSON text (not parsed). */
    interface Listener {
        void onEvent(Conn conn, String event, String payload);
    }

    final int index;
    final int user;
    final String userId;
    final int device;
    final Context ctx;
    private final Proto proto;

    private WebSocket ws;
    private Promise<Void> authenticated;
    private volatile boolean authed;
    private long nextAck = 1;
    private final Map<Long, Handler<JsonObject>> acks = new HashMap<>();
    volatile Listener listener;
    volatile boolean open;
    /** Set when the connection closed while we did not ask for it. */
    volatile boolean droppedByServer;
    volatile long authedAtNanos;
    /** Last seq seen per conversation (kept by the scenario on this socket's loop), sent as {@code resume} on reconnect. */
    final java.util.Map<String, Long> positions = new java.util.HashMap<>();
    /** When set, a reconnect asks for what was missed: CONNECT auth {@code resume} (Socket.IO) or a {@code resume} command (/ws). */
    volatile String resumeSince;
    volatile boolean resumeOnConnect;

    Conn(int index, int user, String userId, int device, Context ctx, Proto proto) {
        this.index = index;
        this.user = user;
        this.userId = userId;
        this.device = device;
        this.ctx = ctx;
        this.proto = proto;
    }

    boolean isAuthed() {
        return authed && open;
    }

    /** Connects and authenticates; call on {@link #ctx}. Completes once the server accepted the token. */
    Future<Void> connect(WebSocketClient client, String host, int port, String token, long timeoutMillis) {
        authenticated = Promise.promise();
        authed = false;
        droppedByServer = false;
        acks.clear();
        String uri = proto == Proto.SOCKETIO ? "/socket.io/?EIO=4&transport=websocket"
                : "/ws?access_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
                .setTimeout(timeoutMillis);
        Promise<Void> promise = authenticated;
        long timer = ctx.owner().setTimer(timeoutMillis, t -> {
            if (promise.tryFail("not authenticated within " + timeoutMillis + " ms") && ws != null) {
                ws.close();
            }
        });
        client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                ctx.owner().cancelTimer(timer);
                promise.tryFail(ar.cause());
                return;
            }
            ws = ar.result();
            open = true;
            WebSocket socket = ws;
            socket.textMessageHandler(text -> onText(socket, text, token));
            socket.exceptionHandler(e -> { });
            socket.closeHandler(v -> {
                if (socket == ws) {
                    open = false;
                    if (authed) {
                        droppedByServer = true;
                    }
                    authed = false;
                    failPendingAcks();
                    promise.tryFail("closed by the server (" + socket.closeStatusCode() + " " + socket.closeReason() + ")");
                }
            });
            if (proto == Proto.WS) {
                String resume = resumeJson();
                if (resume != null) {
                    long id = nextAck++;
                    acks.put(id, ack -> { });
                    socket.writeTextMessage("{\"event\":\"resume\",\"data\":" + resume + ",\"ack\":" + id + "}");
                }
                authenticatedNow();
            }
        });
        return promise.future().onComplete(ar -> ctx.owner().cancelTimer(timer));
    }

    private String resumeJson() {
        if (!resumeOnConnect) {
            return null;
        }
        StringBuilder b = new StringBuilder("{\"conversations\":{");
        boolean first = true;
        for (java.util.Map.Entry<String, Long> e : positions.entrySet()) {
            b.append(first ? "" : ",").append(Json.str(e.getKey())).append(':').append(e.getValue());
            first = false;
        }
        b.append('}');
        if (resumeSince != null) {
            b.append(",\"since\":\"").append(resumeSince).append('"');
        }
        return b.append('}').toString();
    }

    private String resumeField() {
        String resume = resumeJson();
        return resume == null ? "" : ",\"resume\":" + resume;
    }

    /** Notes a message seen in a conversation (call on this socket's loop). */
    void seen(String conversationId, long seq) {
        if (conversationId != null && seq > 0) {
            positions.merge(conversationId, seq, Math::max);
        }
    }

    private void authenticatedNow() {
        authed = true;
        authedAtNanos = System.nanoTime();
        authenticated.tryComplete();
    }

    /** Closes the socket on purpose (a client dropping). */
    void close() {
        WebSocket socket = ws;
        authed = false;
        open = false;
        ws = null;
        failPendingAcks();
        if (socket != null && !socket.isClosed()) {
            socket.close((short) 1000);
        }
    }

    private void failPendingAcks() {
        if (acks.isEmpty()) {
            return;
        }
        Map<Long, Handler<JsonObject>> pending = new HashMap<>(acks);
        acks.clear();
        pending.values().forEach(h -> h.handle(null));
    }

    /**
     * Sends an event whose argument is {@code dataJson}; {@code ack} (when not null) gets the answer, or null if the
     * socket closed first. Returns false when the socket is not authenticated.
     */
    boolean emit(String event, String dataJson, Handler<JsonObject> ack) {
        if (!isAuthed()) {
            return false;
        }
        String frame;
        if (ack == null) {
            frame = proto == Proto.SOCKETIO ? "42[\"" + event + "\"," + dataJson + "]"
                    : "{\"event\":\"" + event + "\",\"data\":" + dataJson + "}";
        } else {
            long id = nextAck++;
            acks.put(id, ack);
            frame = proto == Proto.SOCKETIO ? "42" + id + "[\"" + event + "\"," + dataJson + "]"
                    : "{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"ack\":" + id + "}";
        }
        ws.writeTextMessage(frame);
        return true;
    }

    private void onText(WebSocket socket, String text, String token) {
        if (proto == Proto.SOCKETIO) {
            onSocketIo(socket, text, token);
        } else {
            onNative(text);
        }
    }

    private void onSocketIo(WebSocket socket, String text, String token) {
        if (text.isEmpty()) {
            return;
        }
        char type = text.charAt(0);
        switch (type) {
            case '0' -> socket.writeTextMessage("40{\"token\":\"" + token + "\"" + resumeField() + "}");   // open → CONNECT
            case '2' -> socket.writeTextMessage("3" + text.substring(1));               // ping → pong
            case '1' -> socket.close();
            case '4' -> onSocketIoPacket(text);
            default -> { }
        }
    }

    private void onSocketIoPacket(String text) {
        if (text.length() < 2) {
            return;
        }
        switch (text.charAt(1)) {
            case '0' -> authenticatedNow();                                           // 40{"sid"}
            case '4' -> authenticated.tryFail("connect_error: " + text.substring(2)); // 44{"message"}
            case '2' -> {                                                             // 42["name",data]
                int nameEnd = text.indexOf('"', 4);
                if (text.length() < 5 || text.charAt(2) != '[' || nameEnd < 0) {
                    return;
                }
                String event = text.substring(4, nameEnd);
                String payload = nameEnd + 2 < text.length() ? text.substring(nameEnd + 2, text.length() - 1) : "";
                Listener l = listener;
                if (l != null) {
                    l.onEvent(this, event, payload);
                }
            }
            case '3' -> {                                                             // 43<id>[data]
                int bracket = text.indexOf('[');
                if (bracket < 3) {
                    return;
                }
                long id = Long.parseLong(text.substring(2, bracket));
                Handler<JsonObject> h = acks.remove(id);
                if (h != null) {
                    String payload = text.substring(bracket + 1, text.length() - 1);
                    h.handle(payload.startsWith("{") ? new JsonObject(payload) : new JsonObject());
                }
            }
            case '1' -> close();
            default -> { }
        }
    }

    private void onNative(String text) {
        final String prefix = "{\"event\":\"";
        if (!text.startsWith(prefix)) {
            onNativeParsed(new JsonObject(text));
            return;
        }
        int nameEnd = text.indexOf('"', prefix.length());
        String event = text.substring(prefix.length(), nameEnd);
        if (event.equals("ack")) {
            onNativeParsed(new JsonObject(text));
            return;
        }
        final String data = ",\"data\":";
        if (!text.startsWith(data, nameEnd + 1)) {
            onNativeParsed(new JsonObject(text));
            return;
        }
        Listener l = listener;
        if (l != null) {
            l.onEvent(this, event, text.substring(nameEnd + 1 + data.length(), text.length() - 1));
        }
    }

    private void onNativeParsed(JsonObject frame) {
        String event = frame.getString("event");
        if ("ack".equals(event)) {
            Handler<JsonObject> h = acks.remove(frame.getLong("ack"));
            if (h != null) {
                JsonObject data = frame.getJsonObject("data");
                h.handle(data == null ? new JsonObject() : data);
            }
            return;
        }
        Listener l = listener;
        if (l != null && event != null) {
            Object data = frame.getValue("data");
            l.onEvent(this, event, data == null ? "" : io.vertx.core.json.Json.encode(data));
        }
    }
}
