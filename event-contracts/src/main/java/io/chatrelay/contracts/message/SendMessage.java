package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** Store a message sent by {@code senderId} (always the authenticated user, never a client field). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessage(
        Origin origin,
        String conversationId,
        String senderId,
        String receiverId,
        String clientMessageId,
        MessageType messageType,
        String content,
        Instant requestedAt) implements MessageCommand {

    public static final String TYPE = "send_message";
}
