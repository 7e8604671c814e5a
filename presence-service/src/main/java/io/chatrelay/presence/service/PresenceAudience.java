package io.chatrelay.presence.service;

import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.TreeSet;

/**
 * Who is told when a user goes online or offline: the users who share a direct conversation with them and the
 * members of the rooms they belong to. A room of more than {@code delivery.broadcast-above} members is named
 * instead of listed: gateways know its members, and a list in every change of every member made a crowd of them
 * cost the square of the room (docs/BENCHMARKS.md, session 15). Read only once those projections are rebuilt
 * (after Redis lost its data).
 */
@ApplicationScoped
public class PresenceAudience {

    private final ContactBook contacts;
    private final RoomRosters rosters;
    private final ProjectionsRebuilt rebuilt;
    private final int listRoomsUpTo;

    public PresenceAudience(ContactBook contacts, RoomRosters rosters, ProjectionsRebuilt rebuilt,
                            @ConfigProperty(name = "delivery.broadcast-above", defaultValue = "64") int listRoomsUpTo) {
        this.contacts = contacts;
        this.rosters = rosters;
        this.rebuilt = rebuilt;
        this.listRoomsUpTo = Math.max(0, listRoomsUpTo);
    }

    public Uni<Audience> of(String userId) {
        return rebuilt.await()
                .chain(() -> Uni.combine().all()
                        .unis(contacts.contactsOf(userId), rosters.audienceOf(userId, listRoomsUpTo))
                        .with((contactIds, rooms) -> {
                            TreeSet<String> users = new TreeSet<>(contactIds);
                            users.addAll(rooms.memberIds());
                            users.remove(userId);
                            return new Audience(List.copyOf(users), List.copyOf(new TreeSet<>(rooms.largeRoomIds())));
                        }));
    }

    /** Users to tell by name, and rooms whose members to tell. */
    public record Audience(List<String> userIds, List<String> roomIds) {
    }
}
