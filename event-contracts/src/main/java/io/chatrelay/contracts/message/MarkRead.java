package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code userId} has read {@code conversationId} up to {@code upToSeq}, or up to its latest message when
 * {@code upToSeq} is null. Reading implies delivery.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarkRead(Origin origin, String conversationId, String userId, Long upToSeq) implements MessageCommand {

    public static final String TYPE = "mark_read";
}
