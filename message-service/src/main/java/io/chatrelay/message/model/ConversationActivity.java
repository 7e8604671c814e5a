package io.chatrelay.message.model;

/** A conversation with the number of messages its reader has not read yet. */
public record ConversationActivity(Conversation conversation, long unreadCount) {
}
