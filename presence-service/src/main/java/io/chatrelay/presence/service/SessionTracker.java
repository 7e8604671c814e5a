package io.chatrelay.presence.service;

import io.chatrelay.contracts.presence.GatewayHeartbeat;
import io.chatrelay.contracts.presence.UserSessionClosed;
import io.chatrelay.contracts.presence.UserSessionOpened;
import io.chatrelay.presence.messaging.PresenceEventPublisher;
import io.chatrelay.presence.redis.PresenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Applies what gateways report (sessions opened and closed, heartbeats) and publishes the resulting changes. */
@ApplicationScoped
public class SessionTracker {

    private static final Logger LOG = Logger.getLogger(SessionTracker.class);

    private final PresenceStore store;
    private final PresenceChanges changes;
    private final PresenceEventPublisher publisher;
    private final PresenceConfig config;

    public SessionTracker(PresenceStore store, PresenceChanges changes, PresenceEventPublisher publisher,
                          PresenceConfig config) {
        this.store = store;
        this.changes = changes;
        this.publisher = publisher;
        this.config = config;
    }

    public Uni<Void> opened(UserSessionOpened opened) {
        Instant now = now();
        return store.openSession(opened.gatewayId(), opened.sessionId(), opened.userId(),
                        now.plus(config.defaultGatewayTtl()))
                .chain(cameOnline -> cameOnline ? changes.online(opened.userId(), now) : Uni.createFrom().voidItem());
    }

    public Uni<Void> closed(UserSessionClosed closed) {
        Instant at = closedAt(closed);
        return store.closeSession(closed.gatewayId(), closed.sessionId(), closed.userId(), at)
                .chain(wentOffline -> wentOffline ? changes.offline(closed.userId(), at) : Uni.createFrom().voidItem());
    }

    /** When the gateway says the socket closed (it may announce it after its offline grace), never in the future. */
    private static Instant closedAt(UserSessionClosed closed) {
        Instant now = now();
        if (closed.closedAt() == null || closed.closedAt().isAfter(now)) {
            return now;
        }
        return closed.closedAt().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Keeps the gateway's sessions alive; asks it to announce them again when Redis does not hold them. */
    public Uni<Void> heartbeat(GatewayHeartbeat heartbeat) {
        Instant now = now();
        String gatewayId = heartbeat.gatewayId();
        return store.heartbeat(gatewayId, now.plus(boundedTtl(heartbeat.ttlMillis())), now)
                .chain(unknown -> unknown ? requestResync(gatewayId) : Uni.createFrom().voidItem());
    }

    private Uni<Void> requestResync(String gatewayId) {
        LOG.infof("asking gateway %s to announce its sessions again", gatewayId);
        return publisher.requestResync(gatewayId)
                .onFailure().call(failure -> store.forgetSynced(gatewayId));
    }

    /** Redis keeps milliseconds: events carry the same instants as the API answers. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private Duration boundedTtl(long ttlMillis) {
        Duration ttl = Duration.ofMillis(ttlMillis);
        if (ttl.compareTo(config.minGatewayTtl()) < 0) {
            return config.minGatewayTtl();
        }
        return ttl.compareTo(config.maxGatewayTtl()) > 0 ? config.maxGatewayTtl() : ttl;
    }
}
