package io.chatrelay.presence.service;

import io.chatrelay.presence.messaging.Projections;
import io.chatrelay.presence.redis.PresenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Notices that Redis lost its data (restarted without persistence, failed over to an empty replica): the
 * epoch marker it holds is missing or different. Sessions then come back through the gateways' next
 * heartbeats (each is asked to re-announce); contacts and room rosters are rebuilt by replaying
 * {@code message.events} and {@code room.events} ({@link Projections}).
 */
@ApplicationScoped
public class RedisEpoch {

    private static final Logger LOG = Logger.getLogger(RedisEpoch.class);

    private final PresenceStore store;
    private final Projections projections;
    private volatile String known;

    public RedisEpoch(PresenceStore store, Projections projections) {
        this.store = store;
        this.projections = projections;
    }

    public Uni<Void> check() {
        String candidate = UUID.randomUUID().toString();
        return store.epoch(candidate).invoke(current -> {
            boolean createdNow = current.equals(candidate);
            boolean changed = known != null && !known.equals(current);
            known = current;
            if (createdNow || changed) {
                LOG.infof("Redis holds no presence data from before (epoch %s): rebuilding contacts and room rosters"
                        + " from Kafka", current);
            }
            projections.follow(current);
        }).replaceWithVoid();
    }
}
