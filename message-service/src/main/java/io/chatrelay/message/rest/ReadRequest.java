package io.chatrelay.message.rest;

/** Body of {@code POST /api/messages/read}. */
public record ReadRequest(String otherUserId) {
}
