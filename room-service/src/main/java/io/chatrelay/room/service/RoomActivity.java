package io.chatrelay.room.service;

import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.room.repository.RoomRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A room's last activity is its latest stored message (or its creation): it only moves forward, so
 * redelivered or out-of-order messages never move it back.
 */
@ApplicationScoped
public class RoomActivity {

    private final RoomRepository rooms;

    public RoomActivity(RoomRepository rooms) {
        this.rooms = rooms;
    }

    /**
     * Records stored room messages with one statement however many there are: per room, the latest message
     * counts. Messages of rooms this service does not know change nothing.
     *
     * @return how many rooms moved
     */
    public Uni<Integer> record(Iterable<MessageStored> roomMessages) {
        Map<UUID, Instant> latest = new HashMap<>();
        for (MessageStored stored : roomMessages) {
            UUID roomId = roomIdOf(stored.message().roomId());
            Instant at = stored.message().createdAt();
            if (roomId != null && at != null) {
                latest.merge(roomId, at, (one, other) -> one.isAfter(other) ? one : other);
            }
        }
        return latest.isEmpty()
                ? Uni.createFrom().item(0)
                : Panache.withTransaction(() -> rooms.moveLastActivity(latest));
    }

    /** Rooms are UUIDs here; any other id names no room of this service. */
    private static UUID roomIdOf(String roomId) {
        try {
            return UUID.fromString(roomId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
