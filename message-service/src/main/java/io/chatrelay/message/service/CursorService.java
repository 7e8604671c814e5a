package io.chatrelay.message.service;

import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessagesDelivered;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.message.messaging.MessageEventPublisher;
import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.CursorAdvance;
import io.chatrelay.message.model.MovedCursor;
import io.chatrelay.message.repository.ConversationRepository;
import io.chatrelay.message.repository.CursorRepository;
import io.chatrelay.message.repository.DeliveryCursorRepository;
import io.chatrelay.message.repository.DeliveryCursorRepository.DeliveredUpTo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivery and read receipts. A cursor only moves forward and never past the conversation's last message;
 * {@code messages_delivered} / {@code messages_read} are published only when it moved, after the commit,
 * keyed by conversation. Repeating a receipt is harmless: it moves nothing and publishes nothing.
 * Room conversations keep read cursors (one per member, for unread counts and {@code messages_read}) but no
 * delivery receipts: {@code mark_delivered} on a room is refused as {@code validation}.
 */
@ApplicationScoped
public class CursorService {

    public static final int MAX_MESSAGE_IDS = 500;

    private static final String ROOM_PREFIX = ConversationIds.room("");

    private final ConversationRepository conversations;
    private final CursorRepository cursors;
    private final MessageEventPublisher publisher;
    private final RoomMemberships rooms;
    private final Pool pool;
    private final DeliveryCursorRepository deliveryCursors;

    public CursorService(ConversationRepository conversations, CursorRepository cursors,
                         MessageEventPublisher publisher, RoomMemberships rooms, Pool pool,
                         DeliveryCursorRepository deliveryCursors) {
        this.conversations = conversations;
        this.cursors = cursors;
        this.pool = pool;
        this.deliveryCursors = deliveryCursors;
        this.publisher = publisher;
        this.rooms = rooms;
    }

    /** An advance in a conversation whose participants were checked. */
    private record Advanced(Conversation conversation, CursorAdvance advance) {
    }

    /**
     * What became of one delivery receipt: the receiver's cursor after it (and the sender whose messages it
     * concerns), or why it was refused.
     */
    public record ReceiptOutcome(MarkDelivered receipt, CursorPosition position, String otherUserId, Instant at,
                                 ServiceException refusal) {

        static ReceiptOutcome refused(MarkDelivered receipt, ServiceException refusal) {
            return new ReceiptOutcome(receipt, null, null, null, refusal);
        }

        /** The event for the sender of the delivered messages, when the receipt moved the cursor. */
        public Optional<MessagesDelivered> delivered() {
            return position == null || !position.moved()
                    ? Optional.empty()
                    : Optional.of(new MessagesDelivered(receipt.origin(), receipt.conversationId(), receipt.userId(),
                            otherUserId, position.upToSeq(), at, receipt.messageId()));
        }
    }

    /**
     * {@code userId} received {@code conversationId} up to {@code upToSeq}; {@code messageId}, when given, is the
     * newly delivered message that caused it.
     */
    public Uni<CursorPosition> markDelivered(Origin origin, String conversationId, String userId, long upToSeq,
                                             String messageId) {
        return markDeliveredAll(List.of(new MarkDelivered(origin, conversationId, userId, upToSeq, messageId)))
                .call(outcomes -> outcomes.get(0).delivered()
                        .map(event -> publisher.publish(conversationId, event))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .map(outcomes -> {
                    ReceiptOutcome outcome = outcomes.get(0);
                    if (outcome.refusal() != null) {
                        throw outcome.refusal();
                    }
                    return outcome.position();
                });
    }

    /**
     * Delivery receipts in one transaction, in order (gateways send one per message handed to a receiver's
     * socket, so they come in bulk). The caller publishes the {@code messages_delivered} of each that moved a
     * cursor ({@link ReceiptOutcome#delivered()}).
     */
    public Uni<List<ReceiptOutcome>> markDeliveredAll(List<MarkDelivered> receipts) {
        ServiceException[] refusals = new ServiceException[receipts.size()];
        List<DeliveredUpTo> valid = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i++) {
            MarkDelivered receipt = receipts.get(i);
            Optional<String> violation = deliveredViolation(receipt);
            if (violation.isPresent()) {
                refusals[i] = ServiceException.validation(violation.get());
            } else {
                valid.add(new DeliveredUpTo(receipt.conversationId(), receipt.userId(), receipt.upToSeq()));
            }
        }
        Instant at = now();
        Uni<List<DeliveryCursorRepository.Outcome>> advanced = valid.isEmpty()
                ? Uni.createFrom().item(List.of())
                : Transactions.inTransaction("mark messages delivered", pool,
                        connection -> deliveryCursors.advance(connection, valid, at));
        return advanced
                .map(outcomes -> outcomesOf(receipts, refusals, outcomes, at))
                .onFailure(ServiceException.class).recoverWithItem(failure -> receipts.stream()
                        .map(receipt -> ReceiptOutcome.refused(receipt, (ServiceException) failure))
                        .toList());
    }

    private static List<ReceiptOutcome> outcomesOf(List<MarkDelivered> receipts, ServiceException[] refusals,
                                                   List<DeliveryCursorRepository.Outcome> advanced, Instant at) {
        List<ReceiptOutcome> outcomes = new ArrayList<>(receipts.size());
        int next = 0;
        for (int i = 0; i < receipts.size(); i++) {
            MarkDelivered receipt = receipts.get(i);
            if (refusals[i] != null) {
                outcomes.add(ReceiptOutcome.refused(receipt, refusals[i]));
                continue;
            }
            DeliveryCursorRepository.Outcome found = advanced.get(next++);
            if (!found.conversationFound()) {
                outcomes.add(ReceiptOutcome.refused(receipt,
                        ServiceException.notFound("conversation " + receipt.conversationId() + " does not exist")));
            } else if (!found.participant()) {
                outcomes.add(ReceiptOutcome.refused(receipt,
                        ServiceException.forbidden("not a participant of conversation " + receipt.conversationId())));
            } else {
                outcomes.add(new ReceiptOutcome(receipt, position(receipt.conversationId(), found.advance()),
                        found.otherUserId(), at, null));
            }
        }
        return outcomes;
    }

    /** {@code userId} read {@code conversationId} up to {@code upToSeq}, or up to its latest message when null. */
    public Uni<CursorPosition> markRead(Origin origin, String conversationId, String userId, Long upToSeq) {
        long target = upToSeq == null ? Long.MAX_VALUE : upToSeq;
        Optional<String> violation = cursorViolation(conversationId, userId, target);
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        if (ConversationIds.isRoom(conversationId)) {
            return markRoomRead(origin, conversationId, userId, target);
        }
        Instant at = now();
        return Transactions.inTransaction("mark messages read", () -> participantOf(conversationId, userId)
                        .chain(conversation -> cursors.advanceRead(conversationId, userId, target, at)
                                .map(advance -> new Advanced(conversation, advance))))
                .call(advanced -> advanced.advance().moved()
                        ? publisher.publish(conversationId, new MessagesRead(origin, conversationId, userId,
                                advanced.conversation().otherParticipant(userId), advanced.advance().upToSeq(), at))
                        : Uni.createFrom().voidItem())
                .map(advanced -> position(conversationId, advanced.advance()));
    }

    /**
     * A member reads a room: the room's conversation may not exist yet (no message so far), then the cursor
     * stays at 0. {@code messages_read} names the room instead of another user.
     */
    private Uni<CursorPosition> markRoomRead(Origin origin, String conversationId, String userId, long target) {
        String roomId = conversationId.substring(ROOM_PREFIX.length());
        Instant at = now();
        return rooms.requireMember(roomId, userId)
                .chain(() -> Transactions.inTransaction("mark messages read",
                        () -> cursors.advanceRead(conversationId, userId, target, at)))
                .call(advance -> advance.moved()
                        ? publisher.publish(conversationId, new MessagesRead(origin, conversationId, userId, null,
                                advance.upToSeq(), at, roomId))
                        : Uni.createFrom().voidItem())
                .map(advance -> position(conversationId, advance));
    }

    /**
     * REST {@code mark_messages_read}: everything {@code otherUserId} wrote to {@code userId} so far is read, or
     * everything in room {@code roomId}; exactly one of them.
     */
    public Uni<CursorPosition> markConversationRead(String userId, String otherUserId, String roomId) {
        if ((otherUserId == null) == (roomId == null)) {
            return ServiceException.invalid("exactly one of otherUserId and roomId is required");
        }
        if (roomId != null) {
            Optional<String> violation = MessageRules.idViolation("roomId", roomId);
            return violation.isPresent()
                    ? ServiceException.invalid(violation.get())
                    : markRead(null, ConversationIds.room(roomId), userId, null);
        }
        Optional<String> violation = OtherUser.violation("otherUserId", userId, otherUserId);
        return violation.isPresent()
                ? ServiceException.invalid(violation.get())
                : markRead(null, ConversationIds.direct(userId, otherUserId), userId, null);
    }

    /**
     * REST delivery receipt, either for message ids (only those the user received count) or for a
     * conversation up to a seq. Returns the cursors that moved.
     */
    public Uni<List<CursorPosition>> markDelivered(String userId, List<UUID> messageIds, String conversationId,
                                                   Long upToSeq) {
        if (messageIds != null && (conversationId != null || upToSeq != null)) {
            return ServiceException.invalid(
                    "give either messageIds or conversationId and upToSeq, not both");
        }
        if (messageIds != null) {
            return markMessagesDelivered(userId, messageIds);
        }
        if (conversationId == null || upToSeq == null) {
            return ServiceException.invalid("give messageIds, or conversationId and upToSeq");
        }
        return markDelivered(null, conversationId, userId, upToSeq, null)
                .map(position -> position.moved() ? List.of(position) : List.of());
    }

    /** What a catch-up did: the cursors it moved and the events for the senders, or why it was refused. */
    public record CatchUpOutcome(CatchUpDelivered catchUp, List<MessagesDelivered> delivered,
                                 ServiceException refusal) {
    }

    /**
     * Devices connected: for each, every direct conversation of its user with news from the other side is
     * delivered, in one transaction for all. The caller publishes each outcome's {@code messages_delivered}.
     */
    public Uni<List<CatchUpOutcome>> catchUpDeliveredAll(List<CatchUpDelivered> catchUps) {
        ServiceException[] refusals = new ServiceException[catchUps.size()];
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < catchUps.size(); i++) {
            Optional<String> violation = MessageRules.idViolation("userId", catchUps.get(i).userId());
            if (violation.isPresent()) {
                refusals[i] = ServiceException.validation(violation.get());
            } else {
                valid.add(catchUps.get(i).userId());
            }
        }
        Instant at = now();
        Uni<List<List<MovedCursor>>> moved = valid.isEmpty()
                ? Uni.createFrom().item(List.of())
                : Transactions.inTransaction("catch up deliveries", pool,
                        connection -> deliveryCursors.catchUp(connection, valid, at));
        return moved
                .map(cursors -> {
                    List<CatchUpOutcome> outcomes = new ArrayList<>(catchUps.size());
                    int next = 0;
                    for (int i = 0; i < catchUps.size(); i++) {
                        CatchUpDelivered catchUp = catchUps.get(i);
                        outcomes.add(refusals[i] != null
                                ? new CatchUpOutcome(catchUp, List.of(), refusals[i])
                                : new CatchUpOutcome(catchUp, cursors.get(next++).stream()
                                        .map(cursor -> new MessagesDelivered(catchUp.origin(), cursor.conversationId(),
                                                catchUp.userId(), cursor.otherUserId(), cursor.upToSeq(), at, null))
                                        .toList(), null));
                    }
                    return outcomes;
                })
                .onFailure(ServiceException.class).recoverWithItem(failure -> catchUps.stream()
                        .map(catchUp -> new CatchUpOutcome(catchUp, List.of(), (ServiceException) failure))
                        .toList());
    }

    private Uni<List<CursorPosition>> markMessagesDelivered(String userId, List<UUID> messageIds) {
        if (messageIds.isEmpty() || messageIds.size() > MAX_MESSAGE_IDS) {
            return ServiceException.invalid(
                    "messageIds must hold 1 to " + MAX_MESSAGE_IDS + " ids, got " + messageIds.size());
        }
        if (messageIds.stream().anyMatch(Objects::isNull)) {
            return ServiceException.invalid("messageIds must not contain null");
        }
        Instant at = now();
        return Transactions.inTransaction("mark messages delivered",
                        () -> cursors.advanceDeliveredToMessages(userId, new LinkedHashSet<>(messageIds), at))
                .call(moved -> publishDelivered(null, userId, moved, at))
                .map(CursorService::positions);
    }

    private Uni<Void> publishDelivered(Origin origin, String userId, List<MovedCursor> moved, Instant at) {
        return Multi.createFrom().iterable(moved)
                .onItem().transformToUniAndMerge(cursor -> publisher.publish(cursor.conversationId(),
                        new MessagesDelivered(origin, cursor.conversationId(), userId, cursor.otherUserId(),
                                cursor.upToSeq(), at, null)))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Conversation> participantOf(String conversationId, String userId) {
        return conversations.findById(conversationId).map(conversation -> {
            if (conversation == null) {
                throw ServiceException.notFound("conversation " + conversationId + " does not exist");
            }
            if (!conversation.hasParticipant(userId)) {
                throw ServiceException.forbidden("not a participant of conversation " + conversationId);
            }
            return conversation;
        });
    }

    private static Optional<String> deliveredViolation(MarkDelivered receipt) {
        return cursorViolation(receipt.conversationId(), receipt.userId(), receipt.upToSeq())
                .or(() -> receipt.messageId() == null
                        ? Optional.empty()
                        : MessageRules.idViolation("messageId", receipt.messageId()))
                .or(() -> ConversationIds.isRoom(receipt.conversationId())
                        ? Optional.of("delivery receipts are not kept for room conversations")
                        : Optional.empty());
    }

    private static Optional<String> cursorViolation(String conversationId, String userId, long upToSeq) {
        return MessageRules.idViolation("conversationId", conversationId)
                .or(() -> MessageRules.idViolation("userId", userId))
                .or(() -> upToSeq < 1 ? Optional.of("upToSeq must be at least 1") : Optional.empty());
    }

    private static CursorPosition position(String conversationId, CursorAdvance advance) {
        return new CursorPosition(conversationId, advance.upToSeq(), advance.moved());
    }

    private static List<CursorPosition> positions(List<MovedCursor> moved) {
        return moved.stream()
                .map(cursor -> new CursorPosition(cursor.conversationId(), cursor.upToSeq(), true))
                .toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
