package io.chatrelay.gateway.core;

import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionClosed;
import io.chatrelay.gateway.session.SessionOpened;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket lives no longer than its token: at {@code exp} it gets {@code session_expired} and is closed with
 * {@link #CLOSE_TOKEN_EXPIRED}, unless the client sent {@code refresh_token} with a fresher token before.
 */
@ApplicationScoped
public class TokenExpiry {

    public static final String SESSION_EXPIRED = "session_expired";
    /** Application close code (4000–4999 range): the token expired; reconnect with a fresh one. */
    public static final int CLOSE_TOKEN_EXPIRED = 4001;

    @RegisterForReflection
    public record Expired(String reason) {
    }

    private final Vertx vertx;
    private final Map<ClientSession, Long> timers = new ConcurrentHashMap<>();

    public TokenExpiry(Vertx vertx) {
        this.vertx = vertx;
    }

    void onOpened(@Observes SessionOpened opened) {
        schedule(opened.session());
    }

    void onClosed(@Observes SessionClosed closed) {
        Long timer = timers.remove(closed.session());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** The session now runs until its (refreshed) token expires. */
    public void schedule(ClientSession session) {
        Instant expiresAt = session.tokenExpiresAt();
        Long previous = timers.remove(session);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
        timers.put(session, vertx.setTimer(delay, fired -> expire(session)));
    }

    private void expire(ClientSession session) {
        timers.remove(session);
        if (session.isOpen()) {
            session.emit(SESSION_EXPIRED, new Expired("token expired: reconnect with a fresh token"));
            session.close(CLOSE_TOKEN_EXPIRED, "token expired");
        }
    }
}
