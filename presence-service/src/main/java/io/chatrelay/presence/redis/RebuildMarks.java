package io.chatrelay.presence.redis;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/**
 * Which Kafka partitions ("topic:partition") the projections hold completely in a Redis epoch: written by the
 * replica that read the partition up to its end, read by every replica before it trusts the projections.
 */
@ApplicationScoped
public class RebuildMarks {

    private static final RedisScript REBUILT_NOW = RedisScript.load("rebuilt-partitions.lua");

    private final RedisPipeline scripts;
    private final ReactiveSetCommands<String, String> sets;

    public RebuildMarks(ReactiveRedisDataSource redis, RedisPipeline scripts) {
        this.scripts = scripts;
        this.sets = redis.set(String.class);
    }

    public Uni<Void> markRebuilt(String epoch, String partition) {
        return sets.sadd(PresenceKeys.rebuiltPartitions(epoch), partition).replaceWithVoid();
    }

    public Uni<Set<String>> rebuiltIn(String epoch) {
        return sets.smembers(PresenceKeys.rebuiltPartitions(epoch));
    }

    /** The partitions rebuilt in the epoch Redis holds now (none while it holds none). */
    public Uni<Set<String>> rebuiltInCurrentEpoch() {
        return REBUILT_NOW.run(scripts, List.of(PresenceKeys.EPOCH),
                        List.of(PresenceKeys.REBUILT_PREFIX, PresenceKeys.REBUILT_SUFFIX))
                .map(reply -> Set.copyOf(RedisScript.strings(reply)));
    }
}
