package io.chatrelay.message.model;

import io.chatrelay.contracts.message.MessageStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * How far one participant has received ({@code deliveredSeq}) and seen ({@code readSeq}) a conversation.
 * Read-only here: cursors are advanced by the set-based statements of the cursor repository.
 */
@Entity
@Table(name = "conversation_cursors")
@IdClass(ConversationCursor.Key.class)
public class ConversationCursor {

    @Id
    @Column(name = "conversation_id")
    public String conversationId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "delivered_seq", nullable = false)
    public long deliveredSeq;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "read_seq", nullable = false)
    public long readSeq;

    @Column(name = "read_at")
    public Instant readAt;

    /** The status of message {@code seq} for the participant owning this cursor (its receiver). */
    public MessageStatus statusOf(long seq) {
        if (readSeq >= seq) {
            return MessageStatus.READ;
        }
        return deliveredSeq >= seq ? MessageStatus.DELIVERED : MessageStatus.SENT;
    }

    /** A receiver without a cursor has neither received nor read anything. */
    public static MessageStatus statusOf(ConversationCursor receiverCursor, long seq) {
        return receiverCursor == null ? MessageStatus.SENT : receiverCursor.statusOf(seq);
    }

    public static class Key implements Serializable {

        public String conversationId;
        public String userId;

        public Key() {
        }

        public Key(String conversationId, String userId) {
            this.conversationId = conversationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(conversationId, key.conversationId)
                    && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId);
        }
    }
}
