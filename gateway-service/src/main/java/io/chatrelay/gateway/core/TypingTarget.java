package io.chatrelay.gateway.core;

/** Where a typist types: a direct conversation with {@code receiverId}, or a room. */
record TypingTarget(String receiverId, String roomId, String conversationId) {
}
