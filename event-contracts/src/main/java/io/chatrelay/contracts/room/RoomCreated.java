package io.chatrelay.contracts.room;

import java.time.Instant;
import java.util.List;

/** A room exists, with its owner among {@code memberIds}. Version 1. */
public record RoomCreated(String roomId, String name, String ownerId, List<String> memberIds, long version, Instant at)
        implements RoomEvent {

    public static final String TYPE = "room_created";
}
