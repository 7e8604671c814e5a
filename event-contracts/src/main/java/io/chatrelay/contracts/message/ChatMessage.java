package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored message, exactly as clients receive it in {@code message_sent} and {@code new_direct_message}
 * and as other services read it from {@code message.events}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        UUID id,
        String clientMessageId,
        String conversationId,
        String senderId,
        String receiverId,
        String roomId,
        String content,
        MessageType type,
        long seq,
        MessageStatus status,
        Instant createdAt) {
}
