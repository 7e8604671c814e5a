package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.gateway.core.GatewayConfig;
import io.chatrelay.gateway.session.SessionClosed;
import io.chatrelay.gateway.session.SessionOpened;
import io.chatrelay.gateway.session.SessionRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this gateway in the delivery directory message-service routes by: its partition under a key that
 * expires unless renewed, and for each user the number of their sockets here (a counter: opens and closes may
 * reach Redis in any order). When the renewal finds the key gone (Redis lost its data, or this gateway was
 * paused past its TTL), every connected user is written again; a counter that could not be written is written again
 * for that user alone. (Rewriting every user for each failed counter fed itself in a reconnect storm: 10,000 writes a
 * second while counters kept failing.)
 */
@ApplicationScoped
public class DeliveryRegistration {

    private static final Logger LOG = Logger.getLogger(DeliveryRegistration.class);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);
    private static final int REWRITE_BATCH = 500;

    private final ReactiveRedisDataSource redis;
    private final RedisPipeline pipeline;
    private final SessionRegistry sessions;
    private final DeliveryConfig config;
    private final String gatewayId;
    private final String gatewayKey;
    private final Vertx vertx;
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
    private long refreshTimer = -1;

    public DeliveryRegistration(ReactiveRedisDataSource redis, RedisPipeline pipeline, SessionRegistry sessions,
                                DeliveryConfig config, GatewayConfig gateway, Vertx vertx) {
        this.redis = redis;
        this.pipeline = pipeline;
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
        pipeline.send(Request.cmd(Command.HINCRBY).arg(DeliveryDirectory.userGateways(userId)).arg(gatewayId)
                        .arg(delta))
                .subscribe().with(ignored -> {
                }, failure -> {
                    unwritten.add(userId);
                    LOG.debugf("delivery directory not updated for %s: %s", userId, failure.getMessage());
                });
    }

    private void refresh() {
        redis.execute("SET", gatewayKey, Integer.toString(config.partition()),
                        "PX", Long.toString(config.ttl().toMillis()), "GET")
                .subscribe().with(previous -> {
                    if (previous == null) {
                        unwritten.clear();
                        rewrite(sessions.connectedUsers(), true);
                    } else if (!unwritten.isEmpty()) {
                        List<String> users = List.copyOf(unwritten);
                        unwritten.removeAll(users);
                        rewrite(users, false);
                    }
                }, failure -> LOG.debugf("delivery directory entry not renewed: %s", failure.getMessage()));
    }

    /**
     * Writes the socket count of each user (0: none left here, the field goes), all of them or a few that failed, in
     * batches one after another: one batch of every user would not fit the Redis client's waiting queue (a gateway of
     * 10,000 users failed to rewrite itself every second, forever).
     */
    private void rewrite(Collection<String> userIds, boolean all) {
        if (userIds.isEmpty()) {
            return;
        }
        if (all) {
            LOG.infof("writing the %d users of this gateway into the delivery directory again", userIds.size());
        }
        List<String> users = List.copyOf(userIds);
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < users.size(); from += REWRITE_BATCH) {
            batches.add(users.subList(from, Math.min(users.size(), from + REWRITE_BATCH)));
        }
        Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> redis.getRedis().batch(writes(batch))
                        .onFailure().invoke(failure -> {
                            unwritten.addAll(batch);
                            LOG.warnf("delivery directory not rewritten for %d users: %s", batch.size(),
                                    failure.getMessage());
                        })
                        .onFailure().recoverWithNull())
                .collect().last()
                .subscribe().with(ignored -> {
                });
    }

    private List<Request> writes(List<String> userIds) {
        List<Request> writes = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            int sockets = sessions.sessionsOf(userId).size();
            String key = DeliveryDirectory.userGateways(userId);
            writes.add(sockets > 0 ? Request.cmd(Command.HSET).arg(key).arg(gatewayId).arg(sockets)
                    : Request.cmd(Command.HDEL).arg(key).arg(gatewayId));
        }
        return writes;
    }
}
