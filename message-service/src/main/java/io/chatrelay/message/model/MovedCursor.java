package io.chatrelay.message.model;

/** A cursor of some user that an advance moved, in a direct conversation with {@code otherUserId}. */
public record MovedCursor(String conversationId, String otherUserId, long upToSeq) {
}
