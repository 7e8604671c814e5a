package io.chatrelay.presence.redis;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The members of each room and the rooms of each user, learnt from room.events (a projection of that topic). */
@ApplicationScoped
public class RoomRosters {

    private static final RedisScript ROOM_ROSTER = RedisScript.load("room-roster.lua");
    private static final RedisScript CO_MEMBERS = RedisScript.load("room-co-members.lua");

    private final RedisPipeline scripts;

    public RoomRosters(RedisPipeline scripts) {
        this.scripts = scripts;
    }

    public Uni<Void> join(String roomId, Collection<String> userIds) {
        return change("join", roomId, userIds);
    }

    public Uni<Void> leave(String roomId, Collection<String> userIds) {
        return change("leave", roomId, userIds);
    }

    /** The members of every room {@code userId} belongs to, the user among them. */
    public Uni<Set<String>> coMembersOf(String userId) {
        return CO_MEMBERS.run(scripts, List.of(PresenceKeys.userRooms(userId)),
                        List.of(PresenceKeys.ROOM_PREFIX, PresenceKeys.ROOM_MEMBERS_SUFFIX))
                .map(reply -> Set.copyOf(RedisScript.strings(reply)));
    }

    private Uni<Void> change(String how, String roomId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = new ArrayList<>(userIds.size() + 1);
        keys.add(PresenceKeys.roomMembers(roomId));
        List<String> args = new ArrayList<>(userIds.size() + 2);
        args.add(how);
        args.add(roomId);
        for (String userId : userIds) {
            keys.add(PresenceKeys.userRooms(userId));
            args.add(userId);
        }
        return ROOM_ROSTER.run(scripts, keys, args).replaceWithVoid();
    }
}
