package io.chatrelay.message.model;

/**
 * A room of a reader with its conversation (null before the first message) and the number of messages of
 * others beyond the reader's read cursor.
 */
public record RoomActivity(Room room, Conversation conversation, long unreadCount) {
}
