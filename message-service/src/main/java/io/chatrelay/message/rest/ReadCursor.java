package io.chatrelay.message.rest;

/** The caller's read cursor in a conversation. */
public record ReadCursor(String conversationId, long upToSeq) {
}
