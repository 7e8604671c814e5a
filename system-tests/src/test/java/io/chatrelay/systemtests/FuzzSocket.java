package io.chatrelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * A websocket of the fuzz test: writes whatever it is given (text, raw bytes that need not be UTF-8, binary,
 * fragmented messages), reads every server frame into a {@link ServerFrame}, completes the waits for
 * acknowledgements and records how the server closed it. On {@code /socket.io/} it answers the server's
 * Engine.IO pings, as every client must.
 */
final class FuzzSocket implements AutoCloseable {

    enum Protocol { NATIVE, SOCKET_IO }

    /**
     * One server frame, read the way the protocol defines it.
     *
     * @param kind  {@code event}, {@code ack}, {@code open}, {@code ping}, {@code pong}, {@code connected},
     *              {@code connect_error} or {@code unreadable}
     * @param event the event name of an event, else null
     * @param ackId the id of an acknowledgement, else null
     * @param data  the payload (event data, ack data, CONNECT answer), else null
     */
    record ServerFrame(String kind, String event, Long ackId, JsonNode data, String raw) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CLIENT_MAX_FRAME = 16 * 1024 * 1024;

    private final Protocol protocol;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<ServerFrame>> acks = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<ServerFrame> connectAnswer = new CompletableFuture<>();
    private volatile BiConsumer<FuzzSocket, ServerFrame> listener = (socket, frame) -> {
    };
    private volatile boolean connected;
    private volatile String closeReason;

    private FuzzSocket(Protocol protocol, WebSocket socket) {
        this.protocol = protocol;
        this.socket = socket;
    }

    static WebSocketClient client(Vertx vertx) {
        return vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(CLIENT_MAX_FRAME)
                .setMaxMessageSize(4 * CLIENT_MAX_FRAME)
                .setConnectTimeout(10_000));
    }

    /** Opens a socket on {@code pathAndQuery}; the listener sees every frame after the upgrade. */
    static FuzzSocket connect(WebSocketClient client, int port, String pathAndQuery, Protocol protocol,
                              BiConsumer<FuzzSocket, ServerFrame> listener) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("localhost").setPort(port).setURI(pathAndQuery);
        try {
            return client.connect(options)
                    .map(webSocket -> {
                        FuzzSocket fuzz = new FuzzSocket(protocol, webSocket);
                        fuzz.listener = listener;
                        webSocket.textMessageHandler(fuzz::received);
                        webSocket.binaryMessageHandler(binary -> fuzz.listener.accept(fuzz,
                                new ServerFrame("binary", null, null, null, "<" + binary.length() + " bytes>")));
                        webSocket.closeHandler(ignored -> {
                            fuzz.closeReason = webSocket.closeReason();
                            fuzz.closed.complete(webSocket.closeStatusCode() == null ? -1 : webSocket.closeStatusCode().intValue());
                        });
                        return fuzz;
                    })
                    .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not connect to " + pathAndQuery, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + pathAndQuery, e);
        }
    }

    Protocol protocol() {
        return protocol;
    }

    void sendText(String frame) {
        socket.writeTextMessage(frame);
    }

    /** One text frame with exactly these bytes, UTF-8 or not. */
    void sendTextBytes(byte[] payload) {
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, payload, true));
    }

    /** A text message split into {@code parts} frames (the first TEXT, then CONTINUATION), cut anywhere in the bytes. */
    void sendFragmented(byte[] payload, int parts) {
        int size = Math.max(1, payload.length / Math.max(1, parts));
        int offset = 0;
        boolean first = true;
        while (true) {
            int end = Math.min(payload.length, offset + size);
            boolean last = end >= payload.length;
            byte[] chunk = java.util.Arrays.copyOfRange(payload, offset, end);
            WebSocketFrame frame = first
                    ? new WebSocketFrameImpl(WebSocketFrameType.TEXT, chunk, last)
                    : new WebSocketFrameImpl(WebSocketFrameType.CONTINUATION, chunk, last);
            socket.writeFrame(frame);
            if (last) {
                return;
            }
            first = false;
            offset = end;
        }
    }

    void sendBinary(byte[] frame) {
        socket.writeBinaryMessage(Buffer.buffer(frame));
    }

    /** Registers the wait for acknowledgement {@code ackId}; call before sending the frame that asks for it. */
    CompletableFuture<ServerFrame> expectAck(long ackId) {
        return acks.computeIfAbsent(ackId, ignored -> new CompletableFuture<>());
    }

    void forgetAck(long ackId) {
        acks.remove(ackId);
    }

    int pendingAcks() {
        return acks.size();
    }

    /** The first CONNECT answer ({@code 40…} or {@code 44…}) of a Socket.IO socket. */
    CompletableFuture<ServerFrame> connectAnswer() {
        return connectAnswer;
    }

    boolean isOpen() {
        return !closed.isDone() && !socket.isClosed();
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** @return the close code (-1: none given), or null when the socket did not close within {@code wait} */
    Integer awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    Integer closeCode() {
        return closed.getNow(null);
    }

    String closeReason() {
        return closeReason;
    }

    /** The listener sees a frame before anyone waiting for it is woken up. */
    private void received(String text) {
        ServerFrame frame = protocol == Protocol.NATIVE ? readNative(text) : readSocketIo(text);
        if ("ping".equals(frame.kind())) {
            socket.writeTextMessage("3");
        }
        if ("connected".equals(frame.kind()) && "/".equals(frame.event())) {
            connected = true;
        }
        listener.accept(this, frame);
        if (("connected".equals(frame.kind()) || "connect_error".equals(frame.kind())) && !connectAnswer.isDone()) {
            connectAnswer.complete(frame);
        }
        if (frame.ackId() != null) {
            CompletableFuture<ServerFrame> waiting = acks.remove(frame.ackId());
            if (waiting != null) {
                waiting.complete(frame);
            }
        }
    }

    /** A Socket.IO socket the server has answered CONNECT on ({@code 40{sid}}). */
    boolean isConnected() {
        return connected;
    }

    private static ServerFrame readNative(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            String event = root.path("event").textValue();
            if (event == null || !root.path("data").isObject()) {
                return unreadable(text);
            }
            if ("ack".equals(event)) {
                return root.path("ack").canConvertToLong()
                        ? new ServerFrame("ack", null, root.path("ack").asLong(), root.get("data"), text)
                        : unreadable(text);
            }
            return new ServerFrame("event", event, null, root.get("data"), text);
        } catch (Exception e) {
            return unreadable(text);
        }
    }

    /** Server → client packets of Engine.IO 4 / Socket.IO 5 (main namespace unless named). */
    private static ServerFrame readSocketIo(String text) {
        try {
            if (text.isEmpty()) {
                return unreadable(text);
            }
            switch (text.charAt(0)) {
                case '0':
                    return new ServerFrame("open", null, null, JSON.readTree(text.substring(1)), text);
                case '2':
                    return new ServerFrame("ping", null, null, null, text);
                case '3':
                    return new ServerFrame("pong", null, null, null, text);
                case '4':
                    break;
                default:
                    return unreadable(text);
            }
            if (text.length() < 2) {
                return unreadable(text);
            }
            String rest = text.substring(2);
            int comma = rest.startsWith("/") ? rest.indexOf(',') : -1;
            String namespace = comma >= 0 ? rest.substring(0, comma) : "/";
            String body = comma >= 0 ? rest.substring(comma + 1) : rest;
            switch (text.charAt(1)) {
                case '0':
                    return new ServerFrame("connected", namespace, null, JSON.readTree(body), text);
                case '4':
                    JsonNode error = JSON.readTree(body);
                    return error != null && error.path("message").isTextual()
                            ? new ServerFrame("connect_error", namespace, null, error, text)
                            : unreadable(text);
                case '2': {
                    JsonNode arguments = JSON.readTree(body);
                    if (arguments == null || !arguments.isArray() || arguments.size() != 2 || !arguments.get(0).isTextual()) {
                        return unreadable(text);
                    }
                    return new ServerFrame("event", arguments.get(0).asText(), null, arguments.get(1), text);
                }
                case '3': {
                    int digits = 0;
                    while (digits < body.length() && Character.isDigit(body.charAt(digits))) {
                        digits++;
                    }
                    JsonNode arguments = JSON.readTree(body.substring(digits));
                    if (digits == 0 || arguments == null || !arguments.isArray() || arguments.size() != 1) {
                        return unreadable(text);
                    }
                    return new ServerFrame("ack", null, Long.parseLong(body.substring(0, digits)), arguments.get(0), text);
                }
                default:
                    return unreadable(text);
            }
        } catch (Exception e) {
            return unreadable(text);
        }
    }

    private static ServerFrame unreadable(String text) {
        return new ServerFrame("unreadable", null, null, null, text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
