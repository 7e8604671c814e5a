package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The read cursor of {@code userId} in {@code conversationId} moved to {@code upToSeq}. Published only when
 * it really moved; {@code otherUserId} is the other participant of a direct conversation, {@code roomId} is
 * set instead for a room conversation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagesRead(Origin origin, String conversationId, String userId, String otherUserId, long upToSeq,
                           Instant readAt, String roomId) implements MessageEvent {

    public static final String TYPE = "messages_read";

    /** In a direct conversation. */
    public MessagesRead(Origin origin, String conversationId, String userId, String otherUserId, long upToSeq,
                        Instant readAt) {
        this(origin, conversationId, userId, otherUserId, upToSeq, readAt, null);
    }
}
