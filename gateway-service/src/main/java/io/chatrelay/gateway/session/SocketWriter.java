package io.chatrelay.gateway.session;

import io.netty.channel.ChannelHandlerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketInternal;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes text frames to one socket. When it can reach the Vert.x socket under websockets-next's connection, it writes
 * there directly: the public {@code sendText} costs a {@code Uni}, a context-propagation capture and a synchronized
 * closed-check per frame, a quarter of the gateway's CPU in a 1,000-member room fan-out (docs/BENCHMARKS.md, run Q).
 * Otherwise (another websockets-next or vertx-web version) it falls back to {@code sendText}. Direct writes bypass
 * websockets-next's traffic logger and sending telemetry, which the gateway does not enable. The same socket lets
 * {@link #abort} drop the connection of a client that stopped reading, which no public API can.
 */
@RegisterForReflection(classNames = {"io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
        "io.vertx.ext.web.impl.ServerWebSocketWrapper"}, fields = true, methods = false)
public final class SocketWriter {

    /** How long a socket that is aborted gets to take its close frame before its connection is dropped. */
    private static final long ABORT_GRACE_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(SocketWriter.class);
    private static final Field RAW_SOCKET = field("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
            "webSocket");
    private static final Field WRAPPED_SOCKET = field("io.vertx.ext.web.impl.ServerWebSocketWrapper", "delegate");

    private final WebSocketConnection connection;
    private final WebSocketBase socket;

    private SocketWriter(WebSocketConnection connection, WebSocketBase socket) {
        this.connection = connection;
        this.socket = socket;
    }

    public static SocketWriter of(WebSocketConnection connection) {
        return new SocketWriter(connection, unwrapped(read(RAW_SOCKET, connection)));
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
     * Vert.x keeps the upgrade request's headers for the life of the socket (~1.3 KB); websockets-next has its own
     * copy for {@code handshakeRequest()}, so they are dropped once the connection is open.
     */
    public void releaseHandshakeHeaders() {
        if (socket instanceof ServerWebSocket server) {
            server.headers().clear();
        }
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

    /**
     * Closes a socket that may not be reading: its close frame queues behind the frames it does not take, and
     * Vert.x starts its closing timeout only once that frame is written, so the connection is dropped after a
     * grace period whatever the client does.
     */
    public void abort(int code, String reason) {
        close(code, reason);
        if (socket instanceof WebSocketInternal internal) {
            ChannelHandlerContext channel = internal.channelHandlerContext();
            channel.executor().schedule(() -> channel.close(), ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            LOG.warnf("socket %s cannot be dropped, only asked to close", id());
        }
    }

    /** The Vert.x socket under vertx-web's wrapper, when it can be reached (for {@link #abort}). */
    private static WebSocketBase unwrapped(Object socket) {
        Object inner = read(WRAPPED_SOCKET, socket);
        if (inner instanceof WebSocketBase unwrapped) {
            return unwrapped;
        }
        return socket instanceof WebSocketBase base ? base : null;
    }

    private static Object read(Field field, Object owner) {
        if (field == null || !field.getDeclaringClass().isInstance(owner)) {
            return null;
        }
        try {
            return field.get(owner);
        } catch (IllegalAccessException unexpected) {
            return null;
        }
    }

    private static Field field(String className, String name) {
        try {
            Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            LOG.warnf("%s.%s is out of reach (%s): frames go through sendText, aborts only ask to close", className,
                    name, unavailable);
            return null;
        }
    }
}
