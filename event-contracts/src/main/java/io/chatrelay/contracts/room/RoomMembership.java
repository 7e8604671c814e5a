package io.chatrelay.contracts.room;

import java.util.List;

/** The members of a room as of {@code version}: the snapshot consumers start from before applying events. */
public record RoomMembership(String roomId, String name, String ownerId, long version, List<String> memberIds) {
}
