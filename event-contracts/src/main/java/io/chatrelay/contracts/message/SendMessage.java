package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Store a message sent by {@code senderId} (always the authenticated user, never a client field) to either
 * {@code receiverId} (direct) or {@code roomId} (room conversation {@code r-<roomId>}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessage(
        Origin origin,
        String conversationId,
        String senderId,
        String receiverId,
        String clientMessageId,
        MessageType messageType,
        String content,
        Instant requestedAt,
        String roomId) implements MessageCommand {

    public static final String TYPE = "send_message";

    /** A direct message. */
    public SendMessage(Origin origin, String conversationId, String senderId, String receiverId, String clientMessageId,
                       MessageType messageType, String content, Instant requestedAt) {
        this(origin, conversationId, senderId, receiverId, clientMessageId, messageType, content, requestedAt, null);
    }

    public boolean isRoomMessage() {
        return roomId != null;
    }
}
