package io.chatrelay.gateway.websocket;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * The Engine.IO 4 heartbeat of one connection: the server pings every {@code pingInterval}; a client that does not
 * pong within {@code pingTimeout} is gone. The next ping is scheduled from the pong, as Engine.IO servers do.
 * Must be used from the connection's event loop (its timers fire there too).
 */
final class EngineIoHeartbeat {

    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final Runnable sendPing;
    private final Runnable onTimeout;
    private long nextPing = NO_TIMER;
    private long pongDeadline = NO_TIMER;
    private boolean stopped;

    EngineIoHeartbeat(Vertx vertx, Duration interval, Duration timeout, Runnable sendPing, Runnable onTimeout) {
        this.vertx = vertx;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.sendPing = sendPing;
        this.onTimeout = onTimeout;
    }

    void start() {
        scheduleNextPing();
    }

    /** A pong that answers no ping (late, or unasked) changes nothing. */
    void pongReceived() {
        if (pongDeadline == NO_TIMER || stopped) {
            return;
        }
        vertx.cancelTimer(pongDeadline);
        pongDeadline = NO_TIMER;
        scheduleNextPing();
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(nextPing);
        vertx.cancelTimer(pongDeadline);
    }

    private void scheduleNextPing() {
        nextPing = vertx.setTimer(intervalMillis, ignored -> ping());
    }

    private void ping() {
        nextPing = NO_TIMER;
        if (stopped) {
            return;
        }
        sendPing.run();
        pongDeadline = vertx.setTimer(timeoutMillis, ignored -> {
            pongDeadline = NO_TIMER;
            if (!stopped) {
                stopped = true;
                onTimeout.run();
            }
        });
    }
}
