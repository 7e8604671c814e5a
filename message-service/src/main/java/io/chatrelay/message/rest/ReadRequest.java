package io.chatrelay.message.rest;

/** Body of {@code POST /api/messages/read}: exactly one of {@code otherUserId} and {@code roomId}. */
public record ReadRequest(String otherUserId, String roomId) {
}
