package io.chatrelay.message.model;

import io.chatrelay.contracts.message.MessageType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "messages")
public class Message {

    @Id
    public UUID id;

    @Column(name = "conversation_id", nullable = false)
    public String conversationId;

    @Column(nullable = false)
    public long seq;

    @Column(name = "sender_id", nullable = false)
    public String senderId;

    /** The receiver of a direct message; null for a room message. */
    @Column(name = "receiver_id")
    public String receiverId;

    /** The room of a room message; null for a direct message. */
    @Column(name = "room_id")
    public String roomId;

    @Column(name = "client_message_id")
    public String clientMessageId;

    /** {@code c:<clientMessageId>} when the client gave one, else {@code r:<gateway request id>}. */
    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    @Convert(converter = MessageTypeConverter.class)
    @Column(nullable = false)
    public MessageType type;

    @Column(nullable = false)
    public String content;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
