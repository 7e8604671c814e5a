package io.chatrelay.gateway.websocket;

import io.chatrelay.gateway.core.SocketDeadlines;
import io.chatrelay.gateway.core.SocketDeadlines.Deadline;
import io.chatrelay.gateway.session.SocketWriter;

import java.time.Duration;

/**
 * The Engine.IO 4 heartbeat of one connection: the server pings every {@code pingInterval}; a client that does not
 * pong within {@code pingTimeout} is gone. The next ping is scheduled from the pong, as Engine.IO servers do. One
 * deadline serves both waits: until the next ping, then until the pong. Must be used from the connection's event loop
 * (the deadline fires there too).
 */
final class EngineIoHeartbeat {

    private final long intervalMillis;
    private final long timeoutMillis;
    private final Runnable sendPing;
    private final Runnable onTimeout;
    private final Deadline deadline;
    private boolean awaitingPong;
    private boolean stopped;

    EngineIoHeartbeat(SocketDeadlines deadlines, SocketWriter socket, Duration interval, Duration timeout,
                      Runnable sendPing, Runnable onTimeout) {
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.sendPing = sendPing;
        this.onTimeout = onTimeout;
        this.deadline = deadlines.of(socket, this::due);
    }

    void start() {
        deadline.in(intervalMillis);
    }

    /** A pong that answers no ping (late, or unasked) changes nothing. */
    void pongReceived() {
        if (!awaitingPong || stopped) {
            return;
        }
        awaitingPong = false;
        deadline.in(intervalMillis);
    }

    void stop() {
        stopped = true;
        deadline.cancel();
    }

    private void due() {
        if (stopped) {
            return;
        }
        if (awaitingPong) {
            stopped = true;
            onTimeout.run();
            return;
        }
        sendPing.run();
        awaitingPong = true;
        deadline.in(timeoutMillis);
    }
}
