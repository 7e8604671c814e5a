package io.chatrelay.message.mapping;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.message.model.Message;

public final class MessageMapper {

    private MessageMapper() {
    }

    public static ChatMessage toChatMessage(Message message, MessageStatus status) {
        return new ChatMessage(message.id, message.clientMessageId, message.conversationId, message.senderId,
                message.receiverId, message.roomId, message.content, message.type, message.seq, status,
                message.createdAt);
    }
}
