package io.chatrelay.message.model;

/** What the replica knows about a user and a room. */
public enum RoomAccess {
    /** The room is not in the replica (yet). */
    UNKNOWN_ROOM,
    NOT_A_MEMBER,
    MEMBER
}
