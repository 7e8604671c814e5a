package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.gateway.core.GatewayConfig;
import io.chatrelay.gateway.session.SessionClosed;
import io.chatrelay.gateway.session.SessionOpened;
import io.chatrelay.gateway.session.SessionRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps this gateway in the delivery directory message-service routes by: its partition under a key that
 * expires unless renewed, and for each user the number of their sockets here (a counter: opens and closes may
 * reach Redis in any order). When the renewal finds the key gone (Redis lost its data, or this gateway was
 * paused past its TTL) or a counter could not be written, every connected user is written again.
 */
@ApplicationScoped
public class DeliveryRegistration {

    private static final Logger LOG = Logger.getLogger(DeliveryRegistration.class);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;
    private final SessionRegistry sessions;
    private final DeliveryConfig config;
    private final String gatewayId;
    private final String gatewayKey;
    private final Vertx vertx;
    private volatile boolean rewriteNeeded;
    private long refreshTimer = -1;

    public DeliveryRegistration(ReactiveRedisDataSource redis, SessionRegistry sessions, DeliveryConfig config,
                                GatewayConfig gateway, Vertx vertx) {
        this.redis = redis;
        this.sessions = sessions;
        this.config = config;
        this.gatewayId = gateway.instanceId();
        this.gatewayKey = DeliveryDirectory.gateway(gatewayId);
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        LOG.infof("gateway %s reads partition %d of gateway.deliveries", gatewayId, config.partition());
        refresh();
        refreshTimer = vertx.setPeriodic(config.refreshInterval().toMillis(), tick -> refresh());
    }

    /** Routers stop sending here at once instead of after the TTL. */
    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(refreshTimer);
        try {
            redis.key().del(gatewayKey).await().atMost(GOODBYE_TIMEOUT);
        } catch (RuntimeException failure) {
            LOG.infof("delivery directory not told of this gateway's stop (%s): its entry expires", failure.getMessage());
        }
    }

    void opened(@Observes SessionOpened opened) {
        count(opened.session().userId(), 1);
    }

    void closed(@Observes SessionClosed closed) {
        count(closed.session().userId(), -1);
    }

    private void count(String userId, long delta) {
        redis.hash(Long.class).hincrby(DeliveryDirectory.userGateways(userId), gatewayId, delta)
                .subscribe().with(ignored -> {
                }, failure -> {
                    rewriteNeeded = true;
                    LOG.debugf("delivery directory not updated for %s: %s", userId, failure.getMessage());
                });
    }

    private void refresh() {
        redis.execute("SET", gatewayKey, Integer.toString(config.partition()),
                        "PX", Long.toString(config.ttl().toMillis()), "GET")
                .subscribe().with(previous -> {
                    if (previous == null || rewriteNeeded) {
                        rewriteUsers();
                    }
                }, failure -> {
                    rewriteNeeded = true;
                    LOG.debugf("delivery directory entry not renewed: %s", failure.getMessage());
                });
    }

    private void rewriteUsers() {
        rewriteNeeded = false;
        List<Request> writes = new ArrayList<>();
        for (String userId : sessions.connectedUsers()) {
            int sockets = sessions.sessionsOf(userId).size();
            if (sockets > 0) {
                writes.add(Request.cmd(Command.HSET).arg(DeliveryDirectory.userGateways(userId)).arg(gatewayId)
                        .arg(sockets));
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        LOG.infof("writing the %d users of this gateway into the delivery directory again", writes.size());
        redis.getRedis().batch(writes).subscribe().with(ignored -> {
        }, failure -> {
            rewriteNeeded = true;
            LOG.warnf("delivery directory not rewritten: %s", failure.getMessage());
        });
    }
}
