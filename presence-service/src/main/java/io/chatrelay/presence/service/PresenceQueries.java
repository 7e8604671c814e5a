package io.chatrelay.presence.service;

import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.presence.PresenceStatus;
import io.chatrelay.presence.redis.PresenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Answers "who of these is online, and when were the others last seen". */
@ApplicationScoped
public class PresenceQueries {

    private final PresenceStore store;
    private final PresenceConfig config;

    public PresenceQueries(PresenceStore store, PresenceConfig config) {
        this.store = store;
        this.config = config;
    }

    /** @param userIds comma-separated user ids, as given in the query string */
    public Uni<List<UserPresence>> presenceOf(String userIds) {
        List<String> users;
        try {
            users = parse(userIds);
        } catch (ValidationException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        return store.presenceOf(users).map(stored -> stored.stream()
                .map(presence -> new UserPresence(presence.userId(),
                        presence.online() ? PresenceStatus.ONLINE : PresenceStatus.OFFLINE,
                        presence.online() ? null : presence.lastSeen()))
                .toList());
    }

    private List<String> parse(String userIds) {
        if (userIds == null || userIds.isBlank()) {
            throw new ValidationException("userIds is required: a comma-separated list of user ids");
        }
        Set<String> users = new LinkedHashSet<>();
        for (String userId : Arrays.stream(userIds.split(",", -1)).map(String::trim).toList()) {
            MessageRules.idViolation("each of userIds", userId).ifPresent(violation -> {
                throw new ValidationException(violation);
            });
            users.add(userId);
        }
        if (users.size() > config.maxQueryUsers()) {
            throw new ValidationException("userIds must name at most " + config.maxQueryUsers() + " users, got "
                    + users.size());
        }
        return List.copyOf(users);
    }
}
