package io.chatrelay.message.service;

/** A caller's cursor in a conversation after a receipt; {@code moved} when the receipt advanced it. */
public record CursorPosition(String conversationId, long upToSeq, boolean moved) {
}
