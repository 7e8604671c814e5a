package io.chatrelay.gateway.core;

import io.chatrelay.gateway.core.SocketDeadlines.Deadline;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionClosed;
import io.chatrelay.gateway.session.SessionOpened;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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

    private final SocketDeadlines deadlines;
    private final Map<ClientSession, Deadline> expiries = new ConcurrentHashMap<>();

    public TokenExpiry(SocketDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    void onOpened(@Observes SessionOpened opened) {
        schedule(opened.session());
    }

    void onClosed(@Observes SessionClosed closed) {
        Deadline expiry = expiries.remove(closed.session());
        if (expiry != null) {
            expiry.cancel();
        }
    }

    /** The session now runs until its (refreshed) token expires. */
    public void schedule(ClientSession session) {
        Instant expiresAt = session.tokenExpiresAt();
        if (expiresAt == null) {
            Deadline previous = expiries.remove(session);
            if (previous != null) {
                previous.cancel();
            }
            return;
        }
        expiries.computeIfAbsent(session, expiring -> deadlines.of(expiring, () -> expire(expiring)))
                .at(expiresAt.toEpochMilli());
    }

    private void expire(ClientSession session) {
        expiries.remove(session);
        if (session.isOpen()) {
            session.emit(SESSION_EXPIRED, new Expired("token expired: reconnect with a fresh token"));
            session.close(CLOSE_TOKEN_EXPIRED, "token expired");
        }
    }
}
