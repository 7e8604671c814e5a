package io.chatrelay.presence.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who shares a direct conversation with whom, learnt from stored messages (a projection of message.events). */
@ApplicationScoped
public class ContactBook {

    private final ReactiveSetCommands<String, String> sets;
    private final Redis redis;

    public ContactBook(ReactiveRedisDataSource redis) {
        this.sets = redis.set(String.class);
        this.redis = redis.getRedis();
    }

    /** Adds the contacts of many users in one round trip (one SADD per user, pipelined). */
    public Uni<Void> connectAll(Map<String, Set<String>> contactsOf) {
        if (contactsOf.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Request> adds = new ArrayList<>(contactsOf.size());
        contactsOf.forEach((userId, others) -> {
            Request add = Request.cmd(Command.SADD).arg(PresenceKeys.userContacts(userId));
            others.forEach(add::arg);
            adds.add(add);
        });
        return redis.batch(adds).replaceWithVoid();
    }

    public Uni<Set<String>> contactsOf(String userId) {
        return sets.smembers(PresenceKeys.userContacts(userId));
    }
}
