package io.chatrelay.presence.service;

import io.chatrelay.presence.redis.DroppedPage;
import io.chatrelay.presence.redis.PresenceStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every few seconds: drops the sessions of gateways whose heartbeat expired (their users go offline), and
 * checks that Redis still has its data. Replicas may sweep at the same time: the scripts make each user's
 * transition happen once.
 */
@ApplicationScoped
public class GatewaySweeper {

    private static final Logger LOG = Logger.getLogger(GatewaySweeper.class);
    private static final int GATEWAYS_PER_SWEEP = 100;

    private final PresenceStore store;
    private final PresenceChanges changes;
    private final RedisEpoch epoch;
    private final PresenceConfig config;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final Instant startedAt = Instant.now();
    private long timerId = -1;

    public GatewaySweeper(PresenceStore store, PresenceChanges changes, RedisEpoch epoch, PresenceConfig config,
                          Vertx vertx) {
        this.store = store;
        this.changes = changes;
        this.epoch = epoch;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        timerId = vertx.setPeriodic(config.sweepInterval().toMillis(), tick -> sweepOnce());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(timerId);
    }

    private void sweepOnce() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        epoch.check().chain(this::sweep)
                .onTermination().invoke(() -> sweeping.set(false))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("presence sweep failed: %s", failure.getMessage()));
    }

    /** Drops every gateway whose heartbeat has expired by now. */
    public Uni<Void> sweep() {
        Instant now = Instant.now();
        // right after a start, gateways that expired before it may just have heartbeats still queued in Kafka
        Instant from = now.isBefore(startedAt.plus(config.startupGrace())) ? startedAt : null;
        return store.expiredGateways(from, now, GATEWAYS_PER_SWEEP)
                .onItem().transformToMulti(gateways -> Multi.createFrom().iterable(gateways))
                .onItem().transformToUniAndConcatenate(gatewayId -> drop(gatewayId, now))
                .collect().last()
                .replaceWithVoid();
    }

    /** Drops the sessions of a gateway that stopped cleanly. */
    public Uni<Void> dropStopped(String gatewayId) {
        return drop(gatewayId, null);
    }

    private Uni<Void> drop(String gatewayId, Instant cutoff) {
        return dropFrom(gatewayId, cutoff, "0");
    }

    private Uni<Void> dropFrom(String gatewayId, Instant cutoff, String cursor) {
        return store.dropGatewayPage(gatewayId, cutoff, cursor, config.dropPageSize(), Instant.now())
                .call(this::announceOffline)
                .chain(page -> {
                    if (page.finished()) {
                        if (!page.alive()) {
                            LOG.infof("dropped the sessions of gateway %s (%s)", gatewayId,
                                    cutoff == null ? "stopped" : "heartbeat expired");
                        }
                        return Uni.createFrom().voidItem();
                    }
                    return dropFrom(gatewayId, cutoff, page.nextCursor());
                });
    }

    private Uni<Void> announceOffline(DroppedPage page) {
        return Multi.createFrom().iterable(page.users())
                .onItem().transformToUniAndConcatenate(userId -> changes.offline(userId, page.lastSeen()))
                .collect().last()
                .replaceWithVoid();
    }
}
