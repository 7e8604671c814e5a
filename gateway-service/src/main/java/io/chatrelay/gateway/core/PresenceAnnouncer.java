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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells presence-service which users have sockets here: a record when a socket opens or closes, a heartbeat
 * for the whole gateway every few seconds, every open socket again when asked (presence-service lost them),
 * and a goodbye on a clean shutdown. The records of one socket are sent in order, even while re-announcing.
 */
@ApplicationScoped
public class PresenceAnnouncer {

    private static final Logger LOG = Logger.getLogger(PresenceAnnouncer.class);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, UserSessionOpened> announced = new ConcurrentHashMap<>();
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
        try {
            publisher.publish(new GatewayStopped(gateway.instanceId())).await().atMost(GOODBYE_TIMEOUT);
        } catch (RuntimeException failure) {
            LOG.infof("presence-service not told of this gateway's stop (%s): its users go offline when its "
                    + "heartbeat expires", failure.getMessage());
        }
    }

    void opened(@Observes SessionOpened opened) {
        ClientSession session = opened.session();
        UserSessionOpened record = new UserSessionOpened(gateway.instanceId(), session.id(), session.userId());
        announced.compute(session.id(), (id, previous) -> {
            publisher.send(record);
            return record;
        });
    }

    void closed(@Observes SessionClosed closed) {
        ClientSession session = closed.session();
        announced.computeIfPresent(session.id(), (id, record) -> {
            publisher.send(new UserSessionClosed(gateway.instanceId(), session.id(), session.userId()));
            return null;
        });
    }

    /** Sends {@code session_opened} again for every open socket. */
    public void reannounce() {
        LOG.infof("announcing the %d open sockets of this gateway again", announced.size());
        for (String sessionId : announced.keySet()) {
            announced.computeIfPresent(sessionId, (id, record) -> {
                publisher.send(record);
                return record;
            });
        }
    }

    private void heartbeat() {
        publisher.send(new GatewayHeartbeat(gateway.instanceId(), config.ttl().toMillis(), announced.size()));
    }
}
