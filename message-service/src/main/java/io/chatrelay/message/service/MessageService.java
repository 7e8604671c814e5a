package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.messaging.MessageEventPublisher;
import io.chatrelay.message.model.Message;
import io.chatrelay.message.repository.ConversationRepository;
import io.chatrelay.message.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stores a sent message once and publishes {@code message_stored}, whether the send came from a gateway
 * (Kafka) or from REST: both go through {@link #send(Origin, NewMessage)}. A message goes either to a receiver
 * (direct) or to a room whose member the sender must be (the room replica decides). Never half-writes; a
 * refused send fails with a {@link ServiceException} and writes nothing.
 */
@ApplicationScoped
public class MessageService {

    private static final String TYPES = Arrays.stream(MessageType.values())
            .map(MessageType::wireName).collect(Collectors.joining(", "));

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final MessageEventPublisher publisher;
    private final RoomMemberships rooms;

    public MessageService(MessageRepository messages, ConversationRepository conversations,
                          MessageEventPublisher publisher, RoomMemberships rooms) {
        this.messages = messages;
        this.conversations = conversations;
        this.publisher = publisher;
        this.rooms = rooms;
    }

    /**
     * What to store: for {@code receiverId} (direct) or {@code roomId}, exactly one of them;
     * {@code idempotencyKey} names the message for its sender.
     */
    private record NewMessage(String senderId, String receiverId, String roomId, MessageType type, String content,
                              String clientMessageId, String idempotencyKey) {

        static String keyOf(String clientMessageId, String requestId) {
            return clientMessageId != null ? "c:" + clientMessageId : "r:" + requestId;
        }

        boolean toRoom() {
            return roomId != null;
        }

        String conversationId() {
            return toRoom() ? ConversationIds.room(roomId) : ConversationIds.direct(senderId, receiverId);
        }
    }

    /**
     * A send command from a gateway. Kafka is an input like any other: the gateway's checks are repeated,
     * and without a clientMessageId the gateway's request id is the idempotency key, so a replayed command
     * is stored once.
     */
    public Uni<StoredMessage> send(SendMessage command) {
        if (command.origin() == null || command.origin().requestId() == null) {
            return ServiceException.invalid("origin.requestId is required");
        }
        NewMessage message = new NewMessage(command.senderId(), command.receiverId(), command.roomId(),
                command.messageType(), command.content(), command.clientMessageId(),
                NewMessage.keyOf(command.clientMessageId(), command.origin().requestId()));
        Optional<String> violation = violation(message).or(() ->
                message.conversationId().equals(command.conversationId())
                        ? Optional.empty()
                        : Optional.of(message.toRoom()
                                ? "conversationId does not match roomId"
                                : "conversationId does not match sender and receiver"));
        return violation.isPresent()
                ? ServiceException.invalid(violation.get())
                : send(command.origin(), message);
    }

    /**
     * A send over REST by the authenticated {@code senderId} to {@code receiverId} or {@code roomId};
     * {@code type} defaults to text. No gateway waits, so the published event has no origin; gateways fan it
     * out as any other.
     */
    public Uni<StoredMessage> send(String senderId, String receiverId, String roomId, String type, String content,
                                   String clientMessageId) {
        Optional<MessageType> messageType = type == null
                ? Optional.of(MessageType.TEXT)
                : MessageType.fromWireName(type);
        if (messageType.isEmpty()) {
            return ServiceException.invalid("type must be one of " + TYPES);
        }
        NewMessage message = new NewMessage(senderId, receiverId, roomId, messageType.get(), content,
                clientMessageId, NewMessage.keyOf(clientMessageId, UUID.randomUUID().toString()));
        Optional<String> violation = violation(message);
        return violation.isPresent()
                ? ServiceException.invalid(violation.get())
                : send(null, message);
    }

    /**
     * The one way a message is stored. A repeated idempotency key returns the first message (duplicate) and
     * publishes it again, so a retry after a failed publish still reaches the gateways; they drop repeats.
     * A room sender must be a member at the time of the send, a retry included.
     */
    private Uni<StoredMessage> send(Origin origin, NewMessage message) {
        Uni<Void> allowed = message.toRoom()
                ? rooms.requireMember(message.roomId(), message.senderId())
                : Uni.createFrom().voidItem();
        return allowed
                .chain(() -> Transactions.inTransaction("store the message", () -> storeOnce(message)))
                .call(stored -> publisher.publish(stored.message().conversationId(),
                        new MessageStored(origin, stored.message(), stored.duplicate())));
    }

    private Uni<StoredMessage> storeOnce(NewMessage message) {
        return messages.findByIdempotencyKey(message.senderId(), message.idempotencyKey())
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(stored(existing, true))
                        : storeNew(message).map(stored -> stored(stored, false)));
    }

    private Uni<Message> storeNew(NewMessage message) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String conversationId = message.conversationId();
        Uni<Long> nextSeq = message.toRoom()
                ? conversations.nextRoomSeq(conversationId, now)
                : conversations.nextDirectSeq(conversationId, message.senderId(), message.receiverId(), now);
        return nextSeq.chain(seq -> {
            Message stored = new Message();
            stored.id = UUID.randomUUID();
            stored.conversationId = conversationId;
            stored.seq = seq;
            stored.senderId = message.senderId();
            stored.receiverId = message.receiverId();
            stored.roomId = message.roomId();
            stored.clientMessageId = message.clientMessageId();
            stored.idempotencyKey = message.idempotencyKey();
            stored.type = message.type();
            stored.content = message.content();
            stored.createdAt = now;
            return messages.persist(stored);
        });
    }

    private static Optional<String> violation(NewMessage message) {
        if ((message.receiverId() == null) == (message.roomId() == null)) {
            return Optional.of("exactly one of receiverId and roomId is required");
        }
        Optional<String> idViolation = MessageRules.idViolation("senderId", message.senderId())
                .or(() -> message.toRoom()
                        ? MessageRules.idViolation("roomId", message.roomId())
                        : MessageRules.idViolation("receiverId", message.receiverId()))
                .or(() -> message.clientMessageId() == null
                        ? Optional.empty()
                        : MessageRules.idViolation("clientMessageId", message.clientMessageId()));
        if (idViolation.isPresent()) {
            return idViolation;
        }
        if (message.receiverId() != null && message.receiverId().equals(message.senderId())) {
            return Optional.of("receiverId must be another user");
        }
        if (message.type() == null) {
            return Optional.of("type is required");
        }
        return MessageRules.contentViolation(message.type(), message.content());
    }

    private static StoredMessage stored(Message message, boolean duplicate) {
        return new StoredMessage(MessageMapper.toChatMessage(message, MessageStatus.SENT), duplicate);
    }
}
