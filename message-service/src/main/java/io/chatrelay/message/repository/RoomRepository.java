package io.chatrelay.message.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.Room;
import io.chatrelay.message.model.RoomAccess;
import io.chatrelay.message.model.RoomActivity;
import io.chatrelay.message.model.RoomChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * message-service's replica of room membership. Every write is guarded by the room's version, so applying
 * the same change twice, or an older one after a newer snapshot, changes nothing.
 */
@ApplicationScoped
public class RoomRepository implements PanacheRepositoryBase<Room, String> {

    /** The whole state of a room at a version, written only when that version is newer than the replica's. */
    private static final String REPLACE_ROOM = """
            insert into rooms as r (room_id, name, owner_id, version, created_at)
            values (:roomId, :name, :ownerId, :version, :at)
            on conflict (room_id) do update
                set name = excluded.name, owner_id = excluded.owner_id, version = excluded.version
                where r.version < excluded.version
            returning room_id
            """;

    /**
     * Member ids travel as one JSON array parameter, however many there are; bound as text, since the
     * PostgreSQL client would encode a string bound as json as a JSON string.
     */
    private static final String DROP_OTHER_MEMBERS = """
            delete from room_members
            where room_id = :roomId
              and user_id not in (select json_array_elements_text(cast(cast(:memberIds as text) as json)))
            """;

    private static final String ADD_MEMBERS = """
            insert into room_members (room_id, user_id)
            select :roomId, json_array_elements_text(cast(cast(:memberIds as text) as json))
            on conflict do nothing
            """;

    /** Takes the next version, and only the next one: the row lock serialises changes of one room. */
    private static final String BUMP_VERSION = """
            update rooms set version = :version where room_id = :roomId and version = :version - 1
            """;

    private static final String ADD_MEMBER = """
            insert into room_members (room_id, user_id) values (:roomId, :userId) on conflict do nothing
            """;

    private static final String REMOVE_MEMBER = """
            delete from room_members where room_id = :roomId and user_id = :userId
            """;

    private static final String FORGET = """
            delete from rooms where room_id = :roomId
            """;

    private static final String ACCESS = """
            select (select count(*) from room_members m where m.room_id = r.room_id and m.user_id = :userId)
            from rooms r where r.room_id = :roomId
            """;

    /**
     * The rooms a user is a member of, latest activity first (a room without messages counts from its
     * creation), each with the messages of others beyond the user's read cursor.
     */
    private static final String ROOMS_WITH_UNREAD = """
            select r, c,
                   (select count(m) from Message m
                    where m.conversationId = c.id and m.senderId <> :userId
                      and m.seq > coalesce((select own.readSeq from ConversationCursor own
                                            where own.conversationId = c.id and own.userId = :userId), 0))
            from RoomMember member
            join Room r on r.roomId = member.roomId
            left join Conversation c on c.id = concat('r-', r.roomId)
            where member.userId = :userId
            order by coalesce(c.lastActivityAt, r.createdAt) desc, r.roomId
            """;

    private final ObjectMapper json;

    public RoomRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Makes the replica's room the given state (a {@code room_created} event or a snapshot) when
     * {@code version} is newer than the replica's. {@code at} is the creation time recorded for a new room.
     *
     * @return whether it was newer and replaced the replica's state
     */
    public Uni<Boolean> replace(String roomId, String name, String ownerId, long version, Collection<String> memberIds,
                                Instant at) {
        String members = toJson(memberIds);
        return Panache.getSession().chain(session -> session.createNativeQuery(REPLACE_ROOM, String.class)
                .setParameter("roomId", roomId)
                .setParameter("name", name)
                .setParameter("ownerId", ownerId)
                .setParameter("version", version)
                .setParameter("at", at)
                .getResultList()
                .chain(replaced -> replaced.isEmpty()
                        ? Uni.createFrom().item(false)
                        : update(DROP_OTHER_MEMBERS, roomId, "memberIds", members)
                                .chain(() -> update(ADD_MEMBERS, roomId, "memberIds", members))
                                .replaceWith(true)));
    }

    /** Applies a member change of {@code version} when it is the replica's next version. */
    public Uni<RoomChange> changeMember(String roomId, long version, String userId, boolean added) {
        return Panache.getSession().chain(session -> session.createNativeQuery(BUMP_VERSION)
                .setParameter("roomId", roomId)
                .setParameter("version", version)
                .executeUpdate()
                .chain(bumped -> bumped == 1
                        ? update(added ? ADD_MEMBER : REMOVE_MEMBER, roomId, "userId", userId)
                                .replaceWith(RoomChange.APPLIED)
                        : findById(roomId).map(room -> room != null && room.version >= version
                                ? RoomChange.ALREADY_APPLIED
                                : RoomChange.GAP)));
    }

    /** Drops the room and its members from the replica: the next request about it asks room-service. */
    public Uni<Integer> forget(String roomId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FORGET)
                .setParameter("roomId", roomId)
                .executeUpdate());
    }

    /** One query, whatever the room's size. */
    public Uni<RoomAccess> access(String roomId, String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ACCESS, Long.class)
                        .setParameter("roomId", roomId)
                        .setParameter("userId", userId)
                        .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return RoomAccess.UNKNOWN_ROOM;
                    }
                    return rows.get(0) > 0 ? RoomAccess.MEMBER : RoomAccess.NOT_A_MEMBER;
                });
    }

    public Uni<List<RoomActivity>> roomsOf(String userId, int limit) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(ROOMS_WITH_UNREAD, Object[].class)
                        .setParameter("userId", userId)
                        .setMaxResults(limit)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new RoomActivity((Room) row[0], (Conversation) row[1],
                                ((Number) row[2]).longValue()))
                        .toList());
    }

    private Uni<Integer> update(String sql, String roomId, String parameter, String value) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("roomId", roomId)
                .setParameter(parameter, value)
                .executeUpdate());
    }

    private String toJson(Collection<String> memberIds) {
        try {
            return json.writeValueAsString(memberIds == null ? List.of() : memberIds);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("member ids cannot be written as JSON", e);
        }
    }
}
