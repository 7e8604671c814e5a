package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;

/** One line of a user's conversation list. */
public record ConversationSummary(String conversationId, String type, String otherUserId, ChatMessage lastMessage,
                                  long unreadCount) {
}
