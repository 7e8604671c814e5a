package io.chatrelay.room.repository;

import io.chatrelay.room.model.Room;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    /**
     * Moves rooms' last activity forward to the given times, never back (the greatest time wins). The (room, time)
     * pairs travel as one
     * JSON parameter, bound as text (the PostgreSQL client would encode a string bound as json as a JSON
     * string).
     */
    private static final String MOVE_LAST_ACTIVITY = """
            update rooms r set last_activity_at = a.at
            from json_to_recordset(cast(cast(:activity as text) as json)) as a(id uuid, at timestamptz)
            where r.id = a.id and r.last_activity_at < a.at
            """;

    /** The room, locked until the transaction ends: membership changes of one room are serialised. */
    public Uni<Room> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** @return how many rooms moved */
    public Uni<Integer> moveLastActivity(Map<UUID, Instant> latestByRoom) {
        String activity = latestByRoom.entrySet().stream()
                .map(entry -> "{\"id\":\"" + entry.getKey() + "\",\"at\":\"" + entry.getValue() + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        return Panache.getSession().chain(session -> session.createNativeQuery(MOVE_LAST_ACTIVITY)
                .setParameter("activity", activity)
                .executeUpdate());
    }

    public Uni<List<Room>> roomsOf(String userId) {
        return find("select r from Room r where exists (select 1 from RoomMember m where m.roomId = r.id and m.userId = ?1)"
                + " order by r.lastActivityAt desc", userId).list();
    }
}
