package io.chatrelay.message.rest;

/**
 * Body of {@code POST /api/messages}: exactly one of {@code receiverId} and {@code roomId}; the sender is the
 * token's subject.
 */
public record SendMessageRequest(String receiverId, String roomId, String content, String type,
                                 String clientMessageId) {
}
