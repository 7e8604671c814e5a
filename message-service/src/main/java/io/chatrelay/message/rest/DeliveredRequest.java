package io.chatrelay.message.rest;

import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/messages/delivered}: either {@code messageIds}, or {@code conversationId} with
 * {@code upToSeq}.
 */
public record DeliveredRequest(List<UUID> messageIds, String conversationId, Long upToSeq) {
}
