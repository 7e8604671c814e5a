package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.messaging.MessageEventPublisher;
import io.chatrelay.message.model.Message;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageRejected;
import io.chatrelay.message.repository.MessageWriteRepository;
import io.chatrelay.message.repository.MessageWriteRepository.IdempotencyKey;
import io.chatrelay.message.repository.MessageWriteRepository.SeqReservation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stores sent messages once and publishes {@code message_stored}, whether they came from gateways (Kafka, a
 * batch at a time) or from REST: both go through {@link #store(List)}. A message goes either to a receiver
 * (direct) or to a room whose member the sender must be (the room replica decides). Never half-writes; a
 * refused send writes nothing and is answered with why.
 */
@ApplicationScoped
public class MessageService {

    private static final String TYPES = Arrays.stream(MessageType.values())
            .map(MessageType::wireName).collect(Collectors.joining(", "));

    private final Pool pool;
    private final MessageWriteRepository writes;
    private final MessageEventPublisher publisher;
    private final RoomMemberships rooms;

    public MessageService(Pool pool, MessageWriteRepository writes, MessageEventPublisher publisher,
                          RoomMemberships rooms) {
        this.pool = pool;
        this.writes = writes;
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

    /** One send command of a batch on its way: what to store, then either what was stored or why not. */
    private static final class Attempt {
        final SendMessage command;
        final NewMessage message;
        ServiceException refusal;
        StoredMessage stored;

        Attempt(SendMessage command, NewMessage message, ServiceException refusal) {
            this.command = command;
            this.message = message;
            this.refusal = refusal;
        }

        boolean accepted() {
            return refusal == null && stored == null;
        }
    }

    /**
     * Send commands from gateways, stored in one transaction; the answer to each, in their order, is
     * {@code message_stored} for a stored (or repeated) one and {@code message_rejected} for a refused one, for
     * the caller to publish. Kafka is an input like any other: the gateway's checks are repeated, and without a
     * clientMessageId the gateway's request id is the idempotency key, so a replayed command is stored once.
     * When the batch cannot be written as a whole (a race on an idempotency key with another writer, a
     * deadlock), each send is tried on its own.
     */
    public Uni<List<MessageEvent>> sendAll(List<SendMessage> commands) {
        List<Attempt> attempts = commands.stream().map(MessageService::attempt).toList();
        return checkRoomSenders(attempts)
                .chain(() -> storeAccepted(attempts))
                .map(ignored -> attempts.stream().map(MessageService::answer).toList());
    }

    private static Attempt attempt(SendMessage command) {
        if (command.origin() == null || command.origin().requestId() == null) {
            return new Attempt(command, null, ServiceException.validation("origin.requestId is required"));
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
        return new Attempt(command, message, violation.map(ServiceException::validation).orElse(null));
    }

    /** A room sender must be a member at the time of the send, a retry included. */
    private Uni<Void> checkRoomSenders(List<Attempt> attempts) {
        return Multi.createFrom().iterable(attempts)
                .filter(attempt -> attempt.accepted() && attempt.message.toRoom())
                .onItem().transformToUniAndConcatenate(attempt -> rooms
                        .requireMember(attempt.message.roomId(), attempt.message.senderId())
                        .onFailure(ServiceException.class).recoverWithItem(failure -> {
                            attempt.refusal = (ServiceException) failure;
                            return null;
                        }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> storeAccepted(List<Attempt> attempts) {
        List<Attempt> accepted = attempts.stream().filter(Attempt::accepted).toList();
        if (accepted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return storeInto(accepted).chain(failure -> {
            if (failure == null || accepted.size() == 1) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(accepted)
                    .onItem().transformToUniAndConcatenate(attempt -> storeInto(List.of(attempt)))
                    .collect().last()
                    .replaceWithVoid();
        });
    }

    /**
     * Stores the attempts' messages together and records the outcome in each: the stored message, or the
     * refusal when they could not be stored (which is also returned, null on success).
     */
    private Uni<ServiceException> storeInto(List<Attempt> attempts) {
        return store(attempts.stream().map(attempt -> attempt.message).toList())
                .map(stored -> {
                    for (int i = 0; i < attempts.size(); i++) {
                        attempts.get(i).stored = stored.get(i);
                    }
                    return (ServiceException) null;
                })
                .onFailure(ServiceException.class).recoverWithItem(failure -> {
                    attempts.forEach(attempt -> attempt.refusal = (ServiceException) failure);
                    return (ServiceException) failure;
                });
    }

    private static MessageEvent answer(Attempt attempt) {
        SendMessage command = attempt.command;
        return attempt.stored != null
                ? new MessageStored(command.origin(), attempt.stored.message(), attempt.stored.duplicate())
                : new MessageRejected(command.origin(), command.senderId(), command.clientMessageId(),
                        attempt.refusal.code().wireName(), attempt.refusal.getMessage());
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
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        Uni<Void> allowed = message.toRoom()
                ? rooms.requireMember(message.roomId(), message.senderId())
                : Uni.createFrom().voidItem();
        return allowed
                .chain(() -> store(List.of(message)))
                .map(stored -> stored.get(0))
                .call(stored -> publisher.publish(stored.message().conversationId(),
                        new MessageStored(null, stored.message(), stored.duplicate())));
    }

    /**
     * The one way messages are stored, in one transaction, in order: a repeated idempotency key (stored
     * before, or earlier in the same list) gives the first message as a duplicate, so a retry after a failed
     * publish still reaches the gateways (they drop repeats); each new message takes the next seq of its
     * conversation. Fails with a {@link ServiceException} and writes nothing.
     */
    private Uni<List<StoredMessage>> store(List<NewMessage> batch) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Set<IdempotencyKey> keys = batch.stream()
                .map(message -> new IdempotencyKey(message.senderId(), message.idempotencyKey()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return Transactions.inTransaction("store the message", pool, connection -> writes
                .findByKeys(connection, keys)
                .chain(existing -> {
                    Map<IdempotencyKey, Message> byKey = new HashMap<>(existing);
                    List<Boolean> repeats = new ArrayList<>(batch.size());
                    List<Message> fresh = new ArrayList<>();
                    for (NewMessage message : batch) {
                        IdempotencyKey key = new IdempotencyKey(message.senderId(), message.idempotencyKey());
                        Message earlier = byKey.get(key);
                        if (earlier == null) {
                            Message created = newMessage(message, now);
                            byKey.put(key, created);
                            fresh.add(created);
                        }
                        repeats.add(earlier != null);
                    }
                    // seqs are known after the reservation: the messages are mapped once they have them
                    return insertWithSeqs(connection, fresh, batch, now).map(ignored -> {
                        List<StoredMessage> stored = new ArrayList<>(batch.size());
                        for (int i = 0; i < batch.size(); i++) {
                            NewMessage message = batch.get(i);
                            Message row = byKey.get(new IdempotencyKey(message.senderId(), message.idempotencyKey()));
                            stored.add(stored(row, repeats.get(i)));
                        }
                        return stored;
                    });
                }));
    }

    private Uni<Void> insertWithSeqs(SqlConnection connection, List<Message> fresh, List<NewMessage> batch,
                                     Instant now) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, NewMessage> firstOf = new HashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Message message : fresh) {
            counts.merge(message.conversationId, 1, Integer::sum);
        }
        for (NewMessage message : batch) {
            firstOf.putIfAbsent(message.conversationId(), message);
        }
        List<SeqReservation> reservations = counts.entrySet().stream()
                .map(entry -> reservation(firstOf.get(entry.getKey()), entry.getValue(), now))
                .toList();
        return writes.reserveSeqs(connection, reservations).chain(lastSeqs -> {
            Map<String, Long> nextSeq = new HashMap<>();
            counts.forEach((conversationId, count) ->
                    nextSeq.put(conversationId, lastSeqs.get(conversationId) - count + 1));
            for (Message message : fresh) {
                message.seq = nextSeq.merge(message.conversationId, 1L, Long::sum) - 1;
            }
            return writes.insert(connection, fresh);
        });
    }

    private static SeqReservation reservation(NewMessage message, int count, Instant now) {
        if (message.toRoom()) {
            return new SeqReservation(message.conversationId(), true, null, null, count, now);
        }
        String userA = message.senderId().compareTo(message.receiverId()) <= 0
                ? message.senderId() : message.receiverId();
        String userB = userA.equals(message.senderId()) ? message.receiverId() : message.senderId();
        return new SeqReservation(message.conversationId(), false, userA, userB, count, now);
    }

    private static Message newMessage(NewMessage message, Instant now) {
        Message stored = new Message();
        stored.id = UUID.randomUUID();
        stored.conversationId = message.conversationId();
        stored.senderId = message.senderId();
        stored.receiverId = message.receiverId();
        stored.roomId = message.roomId();
        stored.clientMessageId = message.clientMessageId();
        stored.idempotencyKey = message.idempotencyKey();
        stored.type = message.type();
        stored.content = message.content();
        stored.createdAt = now;
        return stored;
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
