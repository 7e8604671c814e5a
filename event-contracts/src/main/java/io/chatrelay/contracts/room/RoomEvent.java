package io.chatrelay.contracts.room;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * A membership change published by room-service on {@code room.events}, keyed by room id. {@code version}
 * counts the changes of one room: a consumer holding a snapshot of version v applies v+1 next and reloads
 * the snapshot when it sees a gap.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RoomCreated.class, name = RoomCreated.TYPE),
        @JsonSubTypes.Type(value = MemberAdded.class, name = MemberAdded.TYPE),
        @JsonSubTypes.Type(value = MemberRemoved.class, name = MemberRemoved.TYPE)
})
public sealed interface RoomEvent permits RoomCreated, MemberAdded, MemberRemoved {

    String roomId();

    long version();

    Instant at();
}
