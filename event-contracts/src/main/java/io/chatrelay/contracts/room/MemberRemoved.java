package io.chatrelay.contracts.room;

import java.time.Instant;

/** {@code userId} is no longer a member: removed by the owner, or left ({@code byUserId} equals {@code userId}). */
public record MemberRemoved(String roomId, String userId, String byUserId, long version, Instant at)
        implements RoomEvent {

    public static final String TYPE = "member_removed";
}
