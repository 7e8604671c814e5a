package io.chatrelay.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A websocket client that sends and records text frames as they are, for wire formats that are not the
 * native JSON of {@link TestSocket} (Engine.IO / Socket.IO packets, say). It answers nothing by itself.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Integer closeStatus;
    private volatile String closeReason;

    private RawWebSocket(WebSocket socket) {
        this.socket = socket;
    }

    /**
     * @param pathAndQuery e.g. {@code /socket.io/?EIO=4&transport=websocket}. The handlers are in place before the
     *                     upgrade: the frame a server sends at once (Engine.IO's open packet) cannot slip past them.
     */
    public static RawWebSocket connect(URI server, String pathAndQuery) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(server.getHost())
                .setPort(server.getPort())
                .setURI(pathAndQuery);
        ClientWebSocket webSocket = VERTX.createWebSocketClient().webSocket();
        RawWebSocket raw = new RawWebSocket(webSocket);
        webSocket.textMessageHandler(raw.received::add);
        webSocket.closeHandler(ignored -> {
            raw.closeReason = webSocket.closeReason();
            raw.closeStatus = webSocket.closeStatusCode() == null ? -1 : webSocket.closeStatusCode().intValue();
        });
        try {
            webSocket.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return raw;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not connect to " + pathAndQuery, cause);
        }
    }

    /** @return the HTTP status that refused the upgrade, or 101 if it was accepted */
    public static int upgradeStatus(URI server, String pathAndQuery) {
        try {
            connect(server, pathAndQuery).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    public void send(String frame) {
        socket.writeTextMessage(frame);
    }

    public void sendBinary(byte[] frame) {
        socket.writeBinaryMessage(Buffer.buffer(frame));
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    /** Waits for the first received frame that matches and returns it. */
    public String awaitFrame(Predicate<String> matches) {
        await().atMost(WAIT).until(() -> received.stream().anyMatch(matches));
        return received.stream().filter(matches).findFirst().orElseThrow();
    }

    /** Waits for a frame that starts with {@code prefix} and was received after the first {@code skip} frames. */
    public String awaitFrameAfter(int skip, String prefix) {
        await().atMost(WAIT).until(() -> received.stream().skip(skip).anyMatch(frame -> frame.startsWith(prefix)));
        return received.stream().skip(skip).filter(frame -> frame.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Waits until the server closed the socket and returns the close status code (-1 when it sent none). */
    public int awaitClose(Duration atMost) {
        await().atMost(atMost).until(() -> closeStatus != null);
        return closeStatus;
    }

    public Integer closeStatus() {
        return closeStatus;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return closeStatus == null && !socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
