package io.chatrelay.room.repository;

import io.chatrelay.room.model.Room;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    /** The room, locked until the transaction ends: membership changes of one room are serialised. */
    public Uni<Room> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<Room>> roomsOf(String userId) {
        return find("select r from Room r where exists (select 1 from RoomMember m where m.roomId = r.id and m.userId = ?1)"
                + " order by r.lastActivityAt desc", userId).list();
    }
}
