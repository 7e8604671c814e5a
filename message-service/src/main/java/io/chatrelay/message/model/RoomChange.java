package io.chatrelay.message.model;

/** What applying one versioned room event did to the replica. */
public enum RoomChange {
    /** It was the next version: applied. */
    APPLIED,
    /** The replica already had that version (a redelivery, or a snapshot got there first). */
    ALREADY_APPLIED,
    /** Versions are missing in between (or the room is unknown): only a snapshot can bring the replica up to date. */
    GAP
}
