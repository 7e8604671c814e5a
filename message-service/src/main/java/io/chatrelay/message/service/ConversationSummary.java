package io.chatrelay.message.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.message.model.Conversation;

/**
 * One line of a user's conversation list: a direct conversation (with {@code otherUserId}) or a room (with
 * {@code roomId} and {@code name}). {@code lastMessage} is null for a room nobody wrote in yet.
 */
public record ConversationSummary(String conversationId, String type,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String otherUserId,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String roomId,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                                  ChatMessage lastMessage, long unreadCount) {

    static ConversationSummary direct(String conversationId, String otherUserId, ChatMessage lastMessage,
                                      long unreadCount) {
        return new ConversationSummary(conversationId, Conversation.DIRECT, otherUserId, null, null, lastMessage,
                unreadCount);
    }

    static ConversationSummary room(String conversationId, String roomId, String name, ChatMessage lastMessage,
                                    long unreadCount) {
        return new ConversationSummary(conversationId, Conversation.ROOM, null, roomId, name, lastMessage, unreadCount);
    }
}
