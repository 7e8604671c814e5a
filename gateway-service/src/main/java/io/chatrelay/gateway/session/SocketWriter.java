package io.chatrelay.gateway.session;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * Writes text frames to one socket. When it can reach the Vert.x socket under websockets-next's connection, it writes
 * there directly: the public {@code sendText} costs a {@code Uni}, a context-propagation capture and a synchronized
 * closed-check per frame, a quarter of the gateway's CPU in a 1,000-member room fan-out (docs/BENCHMARKS.md, run Q).
 * Otherwise (another websockets-next version) it falls back to {@code sendText}. Direct writes bypass
 * websockets-next's traffic logger and sending telemetry, which the gateway does not enable.
 */
@RegisterForReflection(classNames = "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl", fields = true,
        methods = false)
public final class SocketWriter {

    private static final Logger LOG = Logger.getLogger(SocketWriter.class);
    private static final Field RAW_SOCKET = rawSocketField();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;

    private SocketWriter(WebSocketConnection connection, WebSocketBase socket) {
        this.connection = connection;
        this.socket = socket;
    }

    public static SocketWriter of(WebSocketConnection connection) {
        return new SocketWriter(connection, rawSocketOf(connection));
    }

    public String id() {
        return connection.id();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** True when frames go straight to the Vert.x socket. */
    public boolean writesDirectly() {
        return socket != null;
    }

    /**
     * Queues a frame; {@code done} runs once it is written or failed (with null or the failure), on the socket's
     * event loop. A closed socket fails the write, it never throws.
     */
    public void write(String frame, Consumer<Throwable> done) {
        if (socket == null) {
            connection.sendText(frame).subscribe().with(ignored -> done.accept(null), done);
            return;
        }
        try {
            socket.writeTextMessage(frame, result -> done.accept(result.cause()));
        } catch (RuntimeException closed) {
            done.accept(closed);
        }
    }

    public void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("close of %s failed: %s", id(), failure.getMessage()));
    }

    private static WebSocketBase rawSocketOf(WebSocketConnection connection) {
        if (RAW_SOCKET == null || !RAW_SOCKET.getDeclaringClass().isInstance(connection)) {
            return null;
        }
        try {
            return (WebSocketBase) RAW_SOCKET.get(connection);
        } catch (IllegalAccessException | ClassCastException unexpected) {
            return null;
        }
    }

    private static Field rawSocketField() {
        try {
            Field field = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl")
                    .getDeclaredField("webSocket");
            field.setAccessible(true);
            return WebSocketBase.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.warnf("websockets-next's socket is out of reach (%s): frames go through sendText", unavailable);
            return null;
        }
    }
}
