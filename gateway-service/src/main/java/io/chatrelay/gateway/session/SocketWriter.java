package io.chatrelay.gateway.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketInternal;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Writes text frames to one socket. When it can reach the Netty channel under websockets-next's connection, it writes
 * there, on the channel's event loop, with no completion listener: the public {@code sendText} costs a {@code Uni}, a
 * context-propagation capture and a synchronized closed-check per frame, and Vert.x's {@code writeTextMessage} a
 * UTF-8 encoding, a promise and a listener, most of the gateway's CPU in a 1,000-member room fan-out
 * (docs/BENCHMARKS.md, runs Q and AC). A socket's backlog is then what its channel has not yet handed to the kernel.
 * Otherwise (another websockets-next or vertx-web version) it falls back to {@code sendText}, counting its frames in
 * flight. Direct writes bypass websockets-next's traffic logger and sending telemetry, which the gateway does not
 * enable. The same channel lets {@link #abort} drop the connection of a client that stopped reading, which no public
 * API can.
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
    /** The Vert.x handler's context in the socket's pipeline (null when out of reach): frames go in there. */
    private final ChannelHandlerContext channel;
    private final VoidChannelPromise noListener;
    /** Frames handed to {@code sendText} and not yet written, when the channel is out of reach. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Writes and fan-outs of this socket waiting in its event loop's queue. */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    /** Set on the event loop while a fan-out writes in the place it reserved. */
    private boolean writingInPlace;
    /** Fan-outs' frames written and not yet flushed: they go to the kernel together (see {@link PacedFlush}). */
    private boolean flushPending;

    private SocketWriter(WebSocketConnection connection, WebSocketBase socket) {
        this.connection = connection;
        this.socket = socket;
        this.channel = socket instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
        this.noListener = channel == null ? null : new VoidChannelPromise(channel.channel(), false);
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

    /** True when frames go straight to the socket's channel. */
    public boolean writesDirectly() {
        return channel != null;
    }

    /** The event loop that writes this socket's frames (null when they go through {@code sendText}). */
    public EventExecutor eventLoop() {
        return channel == null ? null : channel.executor();
    }

    /**
     * Keeps this socket's frames in the order of the calls across threads (as Vert.x's own writes do): a write called
     * on the event loop goes out at once only when no write or fan-out for this socket waits in the loop's queue.
     */
    void reserveWrite() {
        queuedWrites.incrementAndGet();
    }

    /**
     * Runs {@code emit} on the event loop in the place {@link #reserveWrite()} took: its writes are queued in the
     * channel now and reach the kernel with {@link #flushFanOutFrames()} (or with the next frame written at once), so
     * the frames of a fan-out's batch (a poll of presence changes) cost one system call.
     */
    boolean emitInReservedPlace(BooleanSupplier emit) {
        queuedWrites.decrementAndGet();
        writingInPlace = true;
        try {
            return emit.getAsBoolean();
        } finally {
            writingInPlace = false;
        }
    }

    /** On the event loop: hands the frames fan-outs queued to the kernel, if any wait. */
    void flushFanOutFrames() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
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
     * Writes a text frame unless {@code maxBacklog} frames of this socket still wait for the kernel; then runs
     * {@code overflow} instead. Both happen on the socket's event loop, in the order of the calls. {@code frame} is
     * UTF-8 and never modified, so one array serves every socket of a fan-out. A closed socket drops the frame.
     */
    public void write(byte[] frame, int maxBacklog, Runnable overflow) {
        EventExecutor loop = eventLoop();
        if (loop == null) {
            writeThroughConnection(frame, maxBacklog, overflow);
        } else if (loop.inEventLoop() && (writingInPlace || queuedWrites.get() == 0)) {
            writeToChannel(frame, maxBacklog, overflow);
        } else {
            queuedWrites.incrementAndGet();
            loop.execute(() -> {
                queuedWrites.decrementAndGet();
                writeToChannel(frame, maxBacklog, overflow);
            });
        }
    }

    /** Writes a frame of the transport's own (a handshake, a heartbeat): no backlog bound. */
    public void write(String frame) {
        write(frame.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE, () -> {
        });
    }

    private void writeToChannel(byte[] frame, int maxBacklog, Runnable overflow) {
        Channel open = channel.channel();
        ChannelOutboundBuffer waiting = open.unsafe().outboundBuffer();
        if (waiting == null || !open.isActive()) {
            return;
        }
        // A frame of more than 1 KiB is two entries (header and body): the bound counts it twice. Frames not yet
        // flushed do not count: a fan-out's task adds at most its own batch before it flushes.
        if (waiting.size() >= maxBacklog) {
            overflow.run();
            return;
        }
        TextWebSocketFrame text = new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(frame));
        if (writingInPlace) {
            channel.write(text, noListener);
            flushPending = true;
        } else {
            channel.writeAndFlush(text, noListener);
        }
    }

    private void writeThroughConnection(byte[] frame, int maxBacklog, Runnable overflow) {
        if (inFlight.incrementAndGet() > maxBacklog) {
            inFlight.decrementAndGet();
            overflow.run();
            return;
        }
        connection.sendText(new String(frame, StandardCharsets.UTF_8)).subscribe().with(
                ignored -> inFlight.decrementAndGet(),
                failure -> {
                    inFlight.decrementAndGet();
                    LOG.debugf("write to %s failed: %s", id(), failure.getMessage());
                });
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
        if (channel != null) {
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
