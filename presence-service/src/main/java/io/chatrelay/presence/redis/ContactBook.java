package io.chatrelay.presence.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Who shares a direct conversation with whom, learnt from stored messages (a projection of message.events). */
@ApplicationScoped
public class ContactBook {

    private final ReactiveSetCommands<String, String> sets;

    public ContactBook(ReactiveRedisDataSource redis) {
        this.sets = redis.set(String.class);
    }

    public Uni<Void> connect(String userId, String otherUserId) {
        return sets.sadd(PresenceKeys.userContacts(userId), otherUserId)
                .chain(() -> sets.sadd(PresenceKeys.userContacts(otherUserId), userId))
                .replaceWithVoid();
    }

    public Uni<Set<String>> contactsOf(String userId) {
        return sets.smembers(PresenceKeys.userContacts(userId));
    }
}
