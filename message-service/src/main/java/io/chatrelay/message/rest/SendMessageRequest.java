package io.chatrelay.message.rest;

/** Body of {@code POST /api/messages}; the sender is the token's subject. */
public record SendMessageRequest(String receiverId, String content, String type, String clientMessageId) {
}
