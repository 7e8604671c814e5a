package io.chatrelay.room.mapping;

import io.chatrelay.contracts.room.RoomMembership;
import io.chatrelay.room.model.Room;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of rooms in responses. */
public final class RoomViews {

    private RoomViews() {
    }

    /** A room with its members ({@code GET /api/rooms/{id}}, creation, membership changes). */
    public record RoomDetails(String id, String name, String ownerId, List<String> memberIds, Instant createdAt,
                              Instant lastActivityAt) {
    }

    /** A room in a list ({@code GET /api/rooms}). */
    public record RoomSummary(String id, String name, String ownerId, int memberCount, Instant createdAt,
                              Instant lastActivityAt) {
    }

    public static RoomDetails details(Room room, List<String> memberIds) {
        return new RoomDetails(room.id.toString(), room.name, room.ownerId, memberIds, room.createdAt, room.lastActivityAt);
    }

    public static RoomSummary summary(Room room, int memberCount) {
        return new RoomSummary(room.id.toString(), room.name, room.ownerId, memberCount, room.createdAt, room.lastActivityAt);
    }

    public static RoomMembership membership(Room room, List<String> memberIds) {
        return new RoomMembership(room.id.toString(), room.name, room.ownerId, room.version, memberIds);
    }
}
