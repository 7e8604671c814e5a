package io.chatrelay.presence.redis;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions per user and per gateway, gateway heartbeats and last-seen times in Redis. Every change that can
 * turn a user online or offline is one Lua script, so concurrent replicas see each transition exactly once.
 */
@ApplicationScoped
public class PresenceStore {

    private static final RedisScript OPEN_SESSION = RedisScript.load("open-session.lua");
    private static final RedisScript CLOSE_SESSION = RedisScript.load("close-session.lua");
    private static final RedisScript HEARTBEAT = RedisScript.load("heartbeat.lua");
    private static final RedisScript DROP_GATEWAY = RedisScript.load("drop-gateway.lua");
    private static final RedisScript STATUSES = RedisScript.load("statuses.lua");

    private final ReactiveRedisDataSource redis;
    /** The scripts (one runs for every session command), pipelined; the rare commands use the pool. */
    private final RedisPipeline scripts;

    public PresenceStore(ReactiveRedisDataSource redis, RedisPipeline scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    /**
     * @param unknownGatewayExpiry when a gateway never heard of expires if no heartbeat comes
     * @return true when this was the user's first session: the user came online
     */
    public Uni<Boolean> openSession(String gatewayId, String sessionId, String userId, Instant unknownGatewayExpiry) {
        return OPEN_SESSION.run(scripts,
                        List.of(PresenceKeys.userSessions(userId), PresenceKeys.gatewaySessions(gatewayId),
                                PresenceKeys.GATEWAY_EXPIRY),
                        List.of(sessionId, gatewayId, userId, millis(unknownGatewayExpiry)))
                .map(PresenceStore::isOne);
    }

    /** @return true when this was the user's last session: the user went offline at {@code now} */
    public Uni<Boolean> closeSession(String gatewayId, String sessionId, String userId, Instant now) {
        return CLOSE_SESSION.run(scripts,
                        List.of(PresenceKeys.userSessions(userId), PresenceKeys.gatewaySessions(gatewayId),
                                PresenceKeys.userLastSeen(userId)),
                        List.of(sessionId, millis(now)))
                .map(PresenceStore::isOne);
    }

    /** @return true when Redis does not hold this gateway's sessions: it must announce them again */
    public Uni<Boolean> heartbeat(String gatewayId, Instant expiresAt, Instant now) {
        return HEARTBEAT.run(scripts,
                        List.of(PresenceKeys.GATEWAY_EXPIRY, PresenceKeys.SYNCED_GATEWAYS, PresenceKeys.GATEWAY_HEARD_AT),
                        List.of(gatewayId, millis(expiresAt), millis(now)))
                .map(PresenceStore::isOne);
    }

    /** Undoes the bookkeeping of a heartbeat whose re-announce request could not be published. */
    public Uni<Void> forgetSynced(String gatewayId) {
        return redis.set(String.class).srem(PresenceKeys.SYNCED_GATEWAYS, gatewayId).replaceWithVoid();
    }

    /** Gateways whose heartbeat expired between {@code from} and {@code to}, at most {@code limit}. */
    public Uni<List<String>> expiredGateways(Instant from, Instant to, int limit) {
        String min = from == null ? "-inf" : millis(from);
        return redis.execute("ZRANGE", PresenceKeys.GATEWAY_EXPIRY, min, millis(to), "BYSCORE", "LIMIT", "0",
                        Integer.toString(limit))
                .map(RedisScript::strings);
    }

    /**
     * Drops one page of a gateway's sessions, if it is still expired at {@code cutoff} (null: it stopped, drop
     * whatever its expiry).
     */
    public Uni<DroppedPage> dropGatewayPage(String gatewayId, Instant cutoff, String cursor, int pageSize, Instant now) {
        return DROP_GATEWAY.run(scripts,
                        List.of(PresenceKeys.gatewaySessions(gatewayId), PresenceKeys.GATEWAY_EXPIRY,
                                PresenceKeys.SYNCED_GATEWAYS, PresenceKeys.GATEWAY_HEARD_AT),
                        List.of(gatewayId, cutoff == null ? "stopped" : millis(cutoff), cursor,
                                Integer.toString(pageSize), PresenceKeys.USER_PREFIX, millis(now)))
                .map(PresenceStore::droppedPage);
    }

    /** Presence of each user, in the order asked. */
    public Uni<List<StoredPresence>> presenceOf(List<String> userIds) {
        List<String> keys = new ArrayList<>(userIds.size() * 2);
        for (String userId : userIds) {
            keys.add(PresenceKeys.userSessions(userId));
            keys.add(PresenceKeys.userLastSeen(userId));
        }
        return STATUSES.run(scripts, keys, List.of()).map(reply -> {
            List<StoredPresence> presence = new ArrayList<>(userIds.size());
            for (int i = 0; i < userIds.size(); i++) {
                Response lastSeen = reply.get(2 * i + 1);
                presence.add(new StoredPresence(userIds.get(i), reply.get(2 * i).toLong() > 0,
                        lastSeen == null ? null : Instant.ofEpochMilli(lastSeen.toLong())));
            }
            return presence;
        });
    }

    /**
     * Writes {@code candidate} as the epoch unless Redis has one.
     *
     * @return the epoch Redis holds now
     */
    public Uni<String> epoch(String candidate) {
        return redis.execute("SET", PresenceKeys.EPOCH, candidate, "NX", "GET")
                .map(previous -> previous == null ? candidate : previous.toString());
    }

    private static DroppedPage droppedPage(Response reply) {
        String head = reply.get(0).toString();
        if ("alive".equals(head)) {
            return DroppedPage.ALIVE;
        }
        Instant lastSeen = Instant.ofEpochMilli(reply.get(1).toLong());
        List<String> offline = new ArrayList<>(reply.size() - 2);
        for (int i = 2; i < reply.size(); i++) {
            offline.add(reply.get(i).toString());
        }
        return new DroppedPage("done".equals(head) ? null : head, lastSeen, offline, false);
    }

    private static boolean isOne(Response reply) {
        return reply != null && reply.toLong() == 1L;
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
