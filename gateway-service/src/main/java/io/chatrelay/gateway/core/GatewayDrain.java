package io.chatrelay.gateway.core;

import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A gateway that stops tells its clients to reconnect (to another gateway, through the load balancer) and
 * closes their sockets with 1012 "service restart", spread over {@code gateway.drain-window} so the other
 * gateways do not get every client in the same instant.
 */
@ApplicationScoped
public class GatewayDrain {

    public static final String RECONNECT = "reconnect";
    /** RFC 6455 / IANA: the service is restarting; clients should reconnect. */
    public static final int CLOSE_SERVICE_RESTART = 1012;

    private static final Logger LOG = Logger.getLogger(GatewayDrain.class);

    @RegisterForReflection
    public record Reconnect(String reason, long retryAfterMs) {
    }

    private final SessionRegistry sessions;
    private final GatewayConfig config;

    public GatewayDrain(SessionRegistry sessions, GatewayConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /**
     * Quarkus' shutdown delay ({@code quarkus.shutdown.delay}, longer than the drain window) keeps the server
     * up, readiness DOWN, while this runs on the shutdown thread; the sockets are still open here, unlike in
     * a ShutdownEvent observer.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent shutdown) {
        List<ClientSession> open = List.copyOf(sessions.all());
        if (open.isEmpty()) {
            return;
        }
        long windowMs = config.drainWindow().toMillis();
        LOG.infof("draining %d sockets over %d ms", open.size(), windowMs);
        long started = System.currentTimeMillis();
        for (int i = 0; i < open.size(); i++) {
            long dueAt = started + windowMs * i / open.size();
            sleepUntil(dueAt);
            ClientSession session = open.get(i);
            session.emit(RECONNECT, new Reconnect("server shutting down", ThreadLocalRandom.current().nextLong(windowMs + 1)));
            session.close(CLOSE_SERVICE_RESTART, "server shutting down, reconnect");
        }
    }

    private static void sleepUntil(long dueAt) {
        long wait = dueAt - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
