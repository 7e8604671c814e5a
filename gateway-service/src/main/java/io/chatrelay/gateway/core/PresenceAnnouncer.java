package io.chatrelay.gateway.core;

import io.chatrelay.contracts.presence.GatewayHeartbeat;
import io.chatrelay.contracts.presence.GatewayStopped;
import io.chatrelay.contracts.presence.UserSessionClosed;
import io.chatrelay.contracts.presence.UserSessionOpened;
import io.chatrelay.gateway.messaging.SessionEventPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionClosed;
import io.chatrelay.gateway.session.SessionOpened;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells presence-service which users have sockets here: a record when a socket opens or closes, a heartbeat
 * for the whole gateway every few seconds, every open socket again when asked (presence-service lost them),
 * and a goodbye on a clean shutdown. The records of one socket are sent in order, even while re-announcing.
 * A close is announced only after the offline grace ({@link PresenceConfig#offlineGrace()}); a socket of the same
 * user that opens here meanwhile takes over the closed socket's announced session instead of announcing its own.
 */
@ApplicationScoped
public class PresenceAnnouncer {

    private static final Logger LOG = Logger.getLogger(PresenceAnnouncer.class);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

    /** A closed socket's announced session, waiting out the grace. */
    private record Lingering(UserSessionOpened announced, Instant closedAt, long timer) {
    }

    /** Open socket id → the session presence-service knows it by (its own, or one it took over). */
    private final Map<String, UserSessionOpened> announced = new ConcurrentHashMap<>();
    /** User id → sessions of sockets that closed within the grace, oldest first. */
    private final Map<String, Deque<Lingering>> lingering = new ConcurrentHashMap<>();
    private final SessionEventPublisher publisher;
    private final GatewayConfig gateway;
    private final PresenceConfig config;
    private final Vertx vertx;
    private long heartbeatTimer = -1;

    public PresenceAnnouncer(SessionEventPublisher publisher, GatewayConfig gateway, PresenceConfig config, Vertx vertx) {
        this.publisher = publisher;
        this.gateway = gateway;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        heartbeat();
        heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), tick -> heartbeat());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(heartbeatTimer);
        lingering.values().forEach(waiting -> waiting.forEach(closed -> vertx.cancelTimer(closed.timer())));
        try {
            publisher.publish(new GatewayStopped(gateway.instanceId())).await().atMost(GOODBYE_TIMEOUT);
        } catch (RuntimeException failure) {
            LOG.infof("presence-service not told of this gateway's stop (%s): its users go offline when its "
                    + "heartbeat expires", failure.getMessage());
        }
    }

    void opened(@Observes SessionOpened opened) {
        ClientSession session = opened.session();
        lingering.compute(session.userId(), (userId, waiting) -> {
            Lingering closed = waiting == null ? null : waiting.pollFirst();
            if (closed != null) {
                vertx.cancelTimer(closed.timer());
                announced.put(session.id(), closed.announced());
            } else {
                UserSessionOpened record = new UserSessionOpened(gateway.instanceId(), session.id(), userId);
                announced.put(session.id(), record);
                publisher.send(record);
            }
            return waiting == null || waiting.isEmpty() ? null : waiting;
        });
    }

    void closed(@Observes SessionClosed closed) {
        ClientSession session = closed.session();
        Instant closedAt = Instant.now();
        if (config.offlineGrace().isZero()) {
            announced.computeIfPresent(session.id(), (id, record) -> {
                publisher.send(closedRecord(record, closedAt));
                return null;
            });
            return;
        }
        lingering.compute(session.userId(), (userId, waiting) -> {
            UserSessionOpened record = announced.remove(session.id());
            if (record == null) {
                return waiting;
            }
            Deque<Lingering> closedSockets = waiting != null ? waiting : new ArrayDeque<>();
            long timer = vertx.setTimer(config.offlineGrace().toMillis(), tick -> graceOver(userId, record));
            closedSockets.addLast(new Lingering(record, closedAt, timer));
            return closedSockets;
        });
    }

    /** Sends {@code session_opened} again for every open socket (and every closed one still within the grace). */
    public void reannounce() {
        LOG.infof("announcing the %d open sockets of this gateway again", announced.size());
        for (String sessionId : announced.keySet()) {
            announced.computeIfPresent(sessionId, (id, record) -> {
                publisher.send(record);
                return record;
            });
        }
        for (String userId : lingering.keySet()) {
            lingering.computeIfPresent(userId, (id, waiting) -> {
                waiting.forEach(closed -> publisher.send(closed.announced()));
                return waiting;
            });
        }
    }

    private void graceOver(String userId, UserSessionOpened record) {
        lingering.computeIfPresent(userId, (id, waiting) -> {
            for (Iterator<Lingering> closedSockets = waiting.iterator(); closedSockets.hasNext(); ) {
                Lingering closed = closedSockets.next();
                if (closed.announced() == record) {
                    closedSockets.remove();
                    publisher.send(closedRecord(record, closed.closedAt()));
                    break;
                }
            }
            return waiting.isEmpty() ? null : waiting;
        });
    }

    private static UserSessionClosed closedRecord(UserSessionOpened announced, Instant closedAt) {
        return new UserSessionClosed(announced.gatewayId(), announced.sessionId(), announced.userId(), closedAt);
    }

    private void heartbeat() {
        publisher.send(new GatewayHeartbeat(gateway.instanceId(), config.ttl().toMillis(), announced.size()));
    }
}
