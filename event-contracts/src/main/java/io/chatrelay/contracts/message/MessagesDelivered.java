package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The delivered cursor of {@code userId} in {@code conversationId} moved to {@code upToSeq}. Published only
 * when it really moved. {@code messageId} is set when one newly delivered message caused it (gateways then
 * emit {@code message_delivered}), absent for a catch-up over many ({@code messages_delivered}).
 * {@code otherUserId} is the other participant of a direct conversation: the one to notify.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagesDelivered(Origin origin, String conversationId, String userId, String otherUserId,
                                long upToSeq, Instant deliveredAt, String messageId) implements MessageEvent {

    public static final String TYPE = "messages_delivered";
}
