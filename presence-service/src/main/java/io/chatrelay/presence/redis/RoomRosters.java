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
    private static final RedisScript AUDIENCE = RedisScript.load("room-audience.lua");

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

    /**
     * Who shares a room with {@code userId}: the members (the user among them) of each room of at most
     * {@code listUpTo} members, and the ids of the larger rooms.
     */
    public Uni<RoomAudience> audienceOf(String userId, int listUpTo) {
        return AUDIENCE.run(scripts, List.of(PresenceKeys.userRooms(userId)),
                        List.of(PresenceKeys.ROOM_PREFIX, PresenceKeys.ROOM_MEMBERS_SUFFIX, Integer.toString(listUpTo)))
                .map(reply -> new RoomAudience(Set.copyOf(RedisScript.strings(reply.get(0))),
                        RedisScript.strings(reply.get(1))));
    }

    /** The members of a user's smaller rooms, and the ids of the rooms too large to list. */
    public record RoomAudience(Set<String> memberIds, List<String> largeRoomIds) {
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
