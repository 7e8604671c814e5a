package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** Payloads of the delivery and read receipts clients get, the same on every protocol. */
public final class ReceiptEvents {

    public static final String MESSAGE_DELIVERED = "message_delivered";
    public static final String MESSAGES_DELIVERED = "messages_delivered";
    public static final String MESSAGES_READ = "messages_read";

    private ReceiptEvents() {
    }

    /** One message reached a device of {@code userId}. */
    @RegisterForReflection
    public record MessageDelivered(String messageId, String conversationId, String userId, Instant deliveredAt) {
    }

    /** {@code userId} caught up on everything up to {@code upToSeq}. */
    @RegisterForReflection
    public record MessagesDelivered(String conversationId, String userId, long upToSeq, Instant deliveredAt) {
    }

    /** {@code roomId} only in room conversations. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record MessagesRead(String conversationId, String roomId, String userId, long upToSeq, Instant readAt) {
    }

    /** Acknowledgement of {@code mark_messages_read}. */
    @RegisterForReflection
    public record ReadCursor(boolean ok, String conversationId, long upToSeq) {
    }
}
