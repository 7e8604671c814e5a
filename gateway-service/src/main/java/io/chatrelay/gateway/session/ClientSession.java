package io.chatrelay.gateway.session;

import io.chatrelay.gateway.protocol.FrameCodec;
import org.jboss.logging.Logger;

import io.netty.util.concurrent.EventExecutor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One authenticated socket: who is on it, which wire format it speaks, and its outbound queue. The queue is
 * bounded: a socket that stops reading is closed instead of growing the gateway's memory.
 */
public class ClientSession {

    /** Close code for a socket whose outbound queue overflowed (RFC 6455 "try again later"). */
    public static final int CLOSE_SLOW_CONSUMER = 1013;

    private static final Logger LOG = Logger.getLogger(ClientSession.class);
    private static final int RECENT_MESSAGE_IDS = 256;

    private final SocketWriter socket;
    private final FrameCodec codec;
    private final String userId;
    private final String displayName;
    private final int maxPendingFrames;
    private volatile Instant tokenExpiresAt;
    /** Set once the socket overflowed: it gets nothing more, and its connection is being dropped. */
    private volatile boolean abandoned;
    private final RecentMessageIds recentMessageIds = new RecentMessageIds(RECENT_MESSAGE_IDS);

    /** Live events held while a reconnect replay is in flight (null when none is); guarded by itself. */
    private final Object holdLock = new Object();
    private int holdDepth;
    private List<byte[]> heldFrames;
    private Set<UUID> heldMessageIds;
    private final AtomicBoolean awaitingResume = new AtomicBoolean();

    public ClientSession(SocketWriter socket, FrameCodec codec, String userId, String displayName,
                         Instant tokenExpiresAt, int maxPendingFrames) {
        this.socket = socket;
        this.codec = codec;
        this.userId = userId;
        this.displayName = displayName;
        this.tokenExpiresAt = tokenExpiresAt;
        this.maxPendingFrames = maxPendingFrames;
    }

    public String id() {
        return socket.id();
    }

    public String userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    /** When the token this socket authenticated with expires (null: it does not). */
    public Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    /** A fresher token of the same user was presented. */
    public void tokenRefreshed(Instant expiresAt) {
        this.tokenExpiresAt = expiresAt;
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    /** True when frames skip websockets-next's send API (see {@link SocketWriter}). */
    public boolean writesDirectly() {
        return socket.writesDirectly();
    }

    /** The event loop that writes this socket's frames (null when there is none to reach, see {@link FanOut}). */
    public EventExecutor eventLoop() {
        return socket.eventLoop();
    }

    /** A fan-out queued a task for this socket: later writes wait behind it (see {@link SocketWriter}). */
    void reserveWrite() {
        socket.reserveWrite();
    }

    /** The fan-out's task, on the event loop, in the place {@link #reserveWrite()} took. */
    boolean emitInReservedPlace(Predicate<ClientSession> emit) {
        return socket.emitInReservedPlace(() -> emit.test(this));
    }

    /** On the event loop: the frames fan-outs wrote go to the kernel (see {@link PacedFlush}). */
    void flushFanOutFrames() {
        socket.flushFanOutFrames();
    }

    public void emit(String event, Object data) {
        emit(new OutboundEvent(event, data));
    }

    public void emit(OutboundEvent event) {
        deliverLive(event.frameFor(codec), null);
    }

    public void ack(long ackId, Object data) {
        send(utf8(codec.encodeAck(ackId, data)));
    }

    /**
     * Emits a message-carrying event unless this socket already got that message: Kafka delivers at least
     * once, the app must see each message once.
     *
     * @return true when the event was emitted now
     */
    public boolean emitMessageOnce(OutboundEvent event, UUID messageId) {
        if (abandoned) {
            return false; // not handed to the app: no delivery receipt
        }
        synchronized (recentMessageIds) {
            if (!recentMessageIds.add(messageId)) {
                return false;
            }
        }
        deliverLive(event.frameFor(codec), messageId);
        return true;
    }

    /**
     * From now until the matching {@link #releaseLiveEvents()}, live events for this socket wait in a buffer
     * (bounded like the outbound queue: overflow closes the socket with 1013) while a reconnect replay is
     * written with {@link #emitReplayed}. Holds nest.
     */
    public void holdLiveEvents() {
        synchronized (holdLock) {
            if (holdDepth++ == 0) {
                heldFrames = new ArrayList<>();
                heldMessageIds = new HashSet<>();
            }
        }
    }

    /**
     * The client announced at the upgrade that a {@code resume} follows: live events are held from the start,
     * so none can overtake the replay, until {@link #endAwaitingResume()}.
     */
    public void awaitResume() {
        if (awaitingResume.compareAndSet(false, true)) {
            holdLiveEvents();
        }
    }

    /** The announced resume arrived (and holds on its own) or did not come in time: the upgrade's hold ends. */
    public void endAwaitingResume() {
        if (awaitingResume.compareAndSet(true, false)) {
            releaseLiveEvents();
        }
    }

    /** Ends one hold; the last one writes the held live events, in their order of arrival. */
    public void releaseLiveEvents() {
        synchronized (holdLock) {
            if (holdDepth == 0 || --holdDepth > 0) {
                return;
            }
            List<byte[]> frames = heldFrames;
            heldFrames = null;
            heldMessageIds = null;
            frames.forEach(this::send);
        }
    }

    /**
     * Writes a replayed message now, even while live events are held, unless this socket already got it or
     * holds it live (then the live copy is written in its place, after the replay).
     *
     * @return true when the event was emitted now
     */
    public boolean emitReplayed(String event, UUID messageId, Object data) {
        synchronized (holdLock) {
            if (heldMessageIds != null && heldMessageIds.contains(messageId)) {
                return false;
            }
        }
        synchronized (recentMessageIds) {
            if (!recentMessageIds.add(messageId)) {
                return false;
            }
        }
        send(utf8(codec.encodeEvent(event, data)));
        return true;
    }

    /** Writes a replayed status event now, even while live events are held. */
    public void emitReplayed(String event, Object data) {
        send(utf8(codec.encodeEvent(event, data)));
    }

    private void deliverLive(byte[] frame, UUID messageId) {
        synchronized (holdLock) {
            if (heldFrames == null) {
                send(frame);
                return;
            }
            if (heldFrames.size() >= maxPendingFrames) {
                abandon("slow consumer: too many events during the replay");
                return;
            }
            heldFrames.add(frame);
            if (messageId != null) {
                heldMessageIds.add(messageId);
            }
        }
    }

    public void close(int code, String reason) {
        socket.close(code, reason);
    }

    /** Closes with 1013 a socket that does not take its frames, and drops its connection if it does not go. */
    private void abandon(String reason) {
        if (abandoned) {
            return;
        }
        abandoned = true;
        LOG.warnf("closing socket %s of user %s: %s (more than %d frames)", id(), userId, reason, maxPendingFrames);
        socket.abort(CLOSE_SLOW_CONSUMER, reason);
    }

    /** Written on the socket's event loop; a socket whose backlog is full is abandoned instead. */
    private void send(byte[] frame) {
        if (abandoned) {
            return;
        }
        socket.write(frame, maxPendingFrames, this::overflowed);
    }

    private void overflowed() {
        abandon("slow consumer: outbound queue full");
    }

    static byte[] utf8(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
