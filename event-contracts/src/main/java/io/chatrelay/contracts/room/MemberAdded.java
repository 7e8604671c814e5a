package io.chatrelay.contracts.room;

import java.time.Instant;

/** {@code userId} became a member of the room, added by {@code byUserId}. */
public record MemberAdded(String roomId, String userId, String byUserId, long version, Instant at) implements RoomEvent {

    public static final String TYPE = "member_added";
}
