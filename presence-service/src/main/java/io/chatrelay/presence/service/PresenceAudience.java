package io.chatrelay.presence.service;

import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.TreeSet;

/**
 * Who is told when a user goes online or offline: the users who share a direct conversation with them and the
 * members of the rooms they belong to. Read only once those projections are rebuilt (after Redis lost its data).
 */
@ApplicationScoped
public class PresenceAudience {

    private final ContactBook contacts;
    private final RoomRosters rosters;
    private final ProjectionsRebuilt rebuilt;

    public PresenceAudience(ContactBook contacts, RoomRosters rosters, ProjectionsRebuilt rebuilt) {
        this.contacts = contacts;
        this.rosters = rosters;
        this.rebuilt = rebuilt;
    }

    public Uni<List<String>> of(String userId) {
        return rebuilt.await()
                .chain(() -> Uni.combine().all().unis(contacts.contactsOf(userId), rosters.coMembersOf(userId))
                        .with((contactIds, coMemberIds) -> {
                            TreeSet<String> audience = new TreeSet<>(contactIds);
                            audience.addAll(coMemberIds);
                            audience.remove(userId);
                            return List.copyOf(audience);
                        }));
    }
}
