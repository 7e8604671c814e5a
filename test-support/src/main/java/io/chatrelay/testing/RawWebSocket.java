package io.chatrelay.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * A websocket client that sends and records text frames as they are, for wire formats that are not the
 * native JSON of {@link TestSocket} (Engine.IO / Socket.IO packets, say). It answers nothing by itself.
 * <p>
 * Built on the JDK's client, whose listener is given before the upgrade and which reads no frame it was not asked
 * for: the Vert.x client could drop a frame that came in the same read as the upgrade's answer (Engine.IO's open
 * packet, about once in twenty connects on a busy machine).
 */
public final class RawWebSocket implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** What the JDK reports when a close frame carried no status: reported as -1, as when no close frame came. */
    private static final int NO_STATUS_CODE = 1005;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partialText = new StringBuilder();
    private volatile WebSocket socket;
    private volatile Integer closeStatus;
    private volatile String closeReason;
    /** The JDK client takes one send at a time: each waits for the previous one. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private RawWebSocket() {
    }

    /**
     * @param pathAndQuery e.g. {@code /socket.io/?EIO=4&transport=websocket}. The listener is in place before the
     *                     upgrade: the frame a server sends at once (Engine.IO's open packet) cannot slip past it.
     */
    public static RawWebSocket connect(URI server, String pathAndQuery) {
        RawWebSocket raw = new RawWebSocket();
        URI target = URI.create("ws://" + server.getHost() + ":" + server.getPort() + pathAndQuery);
        try {
            raw.socket = CLIENT.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(target, raw.new Recorder())
                    .get(10, TimeUnit.SECONDS);
            return raw;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not connect to " + pathAndQuery, e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + pathAndQuery, e);
        }
    }

    /** @return the HTTP status that refused the upgrade, or 101 if it was accepted */
    public static int upgradeStatus(URI server, String pathAndQuery) {
        try {
            connect(server, pathAndQuery).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof WebSocketHandshakeException rejected) {
                return rejected.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String frame) {
        enqueue(() -> socket.sendText(frame, true));
    }

    public void sendBinary(byte[] frame) {
        enqueue(() -> socket.sendBinary(ByteBuffer.wrap(frame), true));
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
        return closeStatus == null && !socket.isInputClosed();
    }

    /** Says goodbye with a normal close frame; the server's answer is not waited for. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            enqueue(() -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
    }

    private synchronized void enqueue(Supplier<CompletableFuture<WebSocket>> send) {
        // a send that fails (the socket closed under it) must not keep later ones from being tried
        lastSend = lastSend.handle((ignored, failure) -> null).thenCompose(ignored -> send.get());
    }

    /** Records whole text frames and the close; asks for one frame at a time. */
    private final class Recorder implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partialText.append(data);
            if (last) {
                received.add(partialText.toString());
                partialText.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeStatus = statusCode == NO_STATUS_CODE ? -1 : statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // the connection ended without a close frame
            closeStatus = -1;
        }
    }
}
