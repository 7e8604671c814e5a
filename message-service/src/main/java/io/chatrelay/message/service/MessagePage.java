package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;

import java.util.List;

/** Messages newest first; {@code nextBefore} is the {@code before} of the next (older) page, null at the start. */
public record MessagePage(List<ChatMessage> messages, Long nextBefore) {
}
