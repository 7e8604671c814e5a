package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageRejected;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.model.Message;
import io.chatrelay.message.repository.ConversationRepository;
import io.chatrelay.message.repository.MessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Turns a send command into a stored message (once) or a rejection; never half-writes. */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class);

    private final MessageRepository messages;
    private final ConversationRepository conversations;

    public MessageService(MessageRepository messages, ConversationRepository conversations) {
        this.messages = messages;
        this.conversations = conversations;
    }

    public Uni<MessageEvent> send(SendMessage command) {
        Optional<String> violation = violation(command);
        if (violation.isPresent()) {
            return Uni.createFrom().item(rejected(command, "validation", violation.get()));
        }
        return Panache.withTransaction(() -> storeOnce(command))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "could not store message of request %s", command.origin().requestId());
                    return rejected(command, "internal", "the message could not be stored, try again");
                });
    }

    private Uni<MessageEvent> storeOnce(SendMessage command) {
        String key = idempotencyKey(command);
        return messages.findByIdempotencyKey(command.senderId(), key)
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(stored(command, existing, true))
                        : storeNew(command, key).map(message -> stored(command, message, false)));
    }

    private Uni<Message> storeNew(SendMessage command, String idempotencyKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return conversations.nextDirectSeq(command.conversationId(), command.senderId(), command.receiverId(), now)
                .chain(seq -> {
                    Message message = new Message();
                    message.id = UUID.randomUUID();
                    message.conversationId = command.conversationId();
                    message.seq = seq;
                    message.senderId = command.senderId();
                    message.receiverId = command.receiverId();
                    message.clientMessageId = command.clientMessageId();
                    message.idempotencyKey = idempotencyKey;
                    message.type = command.messageType();
                    message.content = command.content();
                    message.createdAt = now;
                    return messages.persist(message);
                });
    }

    /** Kafka is an input like any other: the gateway's checks are repeated, not trusted. */
    private static Optional<String> violation(SendMessage command) {
        if (command.origin() == null || command.origin().requestId() == null) {
            return Optional.of("origin.requestId is required");
        }
        Optional<String> idViolation = MessageRules.idViolation("senderId", command.senderId())
                .or(() -> MessageRules.idViolation("receiverId", command.receiverId()));
        if (idViolation.isPresent()) {
            return idViolation;
        }
        if (command.clientMessageId() != null) {
            Optional<String> clientIdViolation = MessageRules.idViolation("clientMessageId", command.clientMessageId());
            if (clientIdViolation.isPresent()) {
                return clientIdViolation;
            }
        }
        if (command.messageType() == null) {
            return Optional.of("type is required");
        }
        if (!ConversationIds.direct(command.senderId(), command.receiverId()).equals(command.conversationId())) {
            return Optional.of("conversationId does not match sender and receiver");
        }
        return MessageRules.contentViolation(command.messageType(), command.content());
    }

    private static String idempotencyKey(SendMessage command) {
        return command.clientMessageId() != null
                ? "c:" + command.clientMessageId()
                : "r:" + command.origin().requestId();
    }

    private static MessageStored stored(SendMessage command, Message message, boolean duplicate) {
        return new MessageStored(command.origin(), MessageMapper.toChatMessage(message, MessageStatus.SENT), duplicate);
    }

    private static MessageRejected rejected(SendMessage command, String code, String reason) {
        return new MessageRejected(command.origin(), command.senderId(), command.clientMessageId(), code, reason);
    }
}
