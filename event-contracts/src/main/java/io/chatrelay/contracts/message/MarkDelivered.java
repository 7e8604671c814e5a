package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code userId} has received the messages of {@code conversationId} up to {@code upToSeq} on some device.
 * Gateways send it when they hand a new message to a socket of its receiver (then {@code messageId} names
 * that message); REST sends it for explicit receipts. Advancing is idempotent: a cursor never moves back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarkDelivered(Origin origin, String conversationId, String userId, long upToSeq, String messageId)
        implements MessageCommand {

    public static final String TYPE = "mark_delivered";
}
