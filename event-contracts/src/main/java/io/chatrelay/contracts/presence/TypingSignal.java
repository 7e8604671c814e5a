package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A typing indicator travelling between gateways on {@code gateway.typing} (ephemeral, never stored), keyed by
 * the receiver. {@code event} is the client event to emit: {@code user_typing} or {@code user_stopped_typing}.
 * Direct conversations name {@code receiverId}; room typing (rooms issue) will name {@code roomId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TypingSignal(String event, String userId, String name, String receiverId, String roomId,
                           String conversationId) {

    public static final String USER_TYPING = "user_typing";
    public static final String USER_STOPPED_TYPING = "user_stopped_typing";

    public String key() {
        return receiverId != null ? receiverId : roomId;
    }

    public TypingSignal stopped() {
        return new TypingSignal(USER_STOPPED_TYPING, userId, name, receiverId, roomId, conversationId);
    }
}
