package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;

/** A message as stored; {@code duplicate} when the idempotency key named an earlier message. */
public record StoredMessage(ChatMessage message, boolean duplicate) {
}
