package io.chatrelay.presence.service;

import io.chatrelay.presence.redis.ContactBook;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.TreeSet;

/**
 * Who is told when a user goes online or offline: the users who share a direct conversation with them.
 * Rooms extend it here: add the members of the rooms the user belongs to (from room.events) to the set.
 */
@ApplicationScoped
public class PresenceAudience {

    private final ContactBook contacts;

    public PresenceAudience(ContactBook contacts) {
        this.contacts = contacts;
    }

    public Uni<List<String>> of(String userId) {
        return contacts.contactsOf(userId).map(users -> {
            TreeSet<String> audience = new TreeSet<>(users);
            audience.remove(userId);
            return List.copyOf(audience);
        });
    }
}
