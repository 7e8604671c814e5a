package io.chatrelay.gateway.core;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessagesDelivered;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.gateway.messaging.MessageCommandPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.FanOut;
import io.chatrelay.gateway.session.OutboundEvent;
import io.chatrelay.gateway.session.SessionRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns message events into socket events for the users connected to this gateway. Completes when the
 * event is handed to the sockets, so events of one conversation are delivered in order.
 */
@ApplicationScoped
public class MessageDelivery {

    public static final String MESSAGE_SENT = "message_sent";
    public static final String NEW_DIRECT_MESSAGE = "new_direct_message";
    public static final String NEW_ROOM_MESSAGE = "new_room_message";

    private static final Logger LOG = Logger.getLogger(MessageDelivery.class);

    private final SessionRegistry sessions;
    private final PendingRequests pending;
    private final MessageCommandPublisher publisher;
    private final RoomMemberships memberships;
    private final GatewayMetrics metrics;
    private final FanOut fanOut;

    public MessageDelivery(SessionRegistry sessions, PendingRequests pending, MessageCommandPublisher publisher,
                           RoomMemberships memberships, GatewayMetrics metrics, FanOut fanOut) {
        this.sessions = sessions;
        this.pending = pending;
        this.publisher = publisher;
        this.memberships = memberships;
        this.metrics = metrics;
        this.fanOut = fanOut;
    }

    public Uni<Void> deliver(MessageEvent event) {
        if (event.origin() != null) {
            pending.answer(event.origin().requestId(), event);
        }
        // rejections and command results concern only the socket waiting for them, answered above
        if (event instanceof MessageStored stored) {
            return stored.message().roomId() != null ? fanOutToRoom(stored.message()) : fanOutDirect(stored.message());
        }
        if (event instanceof MessagesDelivered delivered) {
            notifyDelivered(delivered);
        } else if (event instanceof MessagesRead read) {
            return notifyRead(read);
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> fanOutDirect(ChatMessage message) {
        emitToSender(message);
        if (message.receiverId() == null || message.receiverId().equals(message.senderId())) {
            return Uni.createFrom().voidItem();
        }
        int emitted = emitOnce(sessions.sessionsOf(message.receiverId()), NEW_DIRECT_MESSAGE, message);
        if (emitted > 0) {
            MarkDelivered receipt = new MarkDelivered(null, message.conversationId(), message.receiverId(),
                    message.seq(), message.id().toString());
            publisher.publish(receipt).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("could not publish the delivery receipt of %s: %s", message.id(), failure.getMessage()));
        }
        return Uni.createFrom().voidItem();
    }

    /** Every socket of every member gets it, whether or not the socket joined the room. */
    private Uni<Void> fanOutToRoom(ChatMessage message) {
        emitToSender(message);
        OutboundEvent event = new OutboundEvent(NEW_ROOM_MESSAGE, message);
        return memberships.room(message.roomId())
                .invoke(room -> fanOut.run(localMemberSessions(room, message.senderId()),
                        session -> session.emitMessageOnce(event, message.id()),
                        emitted -> metrics.messageEmitted(NEW_ROOM_MESSAGE, emitted, message.createdAt())))
                .onFailure().invoke(failure -> LOG.warnf("room %s message %s not delivered here: %s",
                        message.roomId(), message.id(), failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void emitToSender(ChatMessage message) {
        emitOnce(sessions.sessionsOf(message.senderId()), MESSAGE_SENT, message);
    }

    /** @return how many of the sockets got it now (the others already had it) */
    private int emitOnce(Collection<ClientSession> targets, String eventName, ChatMessage message) {
        if (targets.isEmpty()) {
            return 0;
        }
        OutboundEvent event = new OutboundEvent(eventName, message);
        int emitted = 0;
        for (ClientSession session : targets) {
            if (session.emitMessageOnce(event, message.id())) {
                emitted++;
            }
        }
        metrics.messageEmitted(eventName, emitted, message.createdAt());
        return emitted;
    }

    private void notifyDelivered(MessagesDelivered delivered) {
        Object payload = delivered.messageId() != null
                ? new ReceiptEvents.MessageDelivered(delivered.messageId(), delivered.conversationId(),
                        delivered.userId(), delivered.deliveredAt())
                : new ReceiptEvents.MessagesDelivered(delivered.conversationId(), delivered.userId(),
                        delivered.upToSeq(), delivered.deliveredAt());
        String event = delivered.messageId() != null ? ReceiptEvents.MESSAGE_DELIVERED : ReceiptEvents.MESSAGES_DELIVERED;
        emitTo(sessions.sessionsOf(delivered.otherUserId()), event, payload);
    }

    /**
     * Direct: the other participant learns their messages were read, and the reader's devices sync their unread
     * state. Room: every member's sockets.
     */
    private Uni<Void> notifyRead(MessagesRead read) {
        ReceiptEvents.MessagesRead payload = new ReceiptEvents.MessagesRead(read.conversationId(), read.roomId(),
                read.userId(), read.upToSeq(), read.readAt());
        if (read.roomId() != null) {
            OutboundEvent event = new OutboundEvent(ReceiptEvents.MESSAGES_READ, payload);
            return memberships.room(read.roomId())
                    .invoke(room -> fanOut.run(localMemberSessions(room, null), session -> session.emit(event)))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }
        emitTo(sessions.sessionsOf(read.otherUserId()), ReceiptEvents.MESSAGES_READ, payload);
        emitTo(sessions.sessionsOf(read.userId()), ReceiptEvents.MESSAGES_READ, payload);
        return Uni.createFrom().voidItem();
    }

    /** The sockets here of the room's members but {@code except}. */
    private List<ClientSession> localMemberSessions(RoomMemberships.Room room, String except) {
        List<ClientSession> found = new ArrayList<>();
        for (String userId : sessions.connectedAmong(room.memberIds())) {
            if (!userId.equals(except)) {
                found.addAll(sessions.sessionsOf(userId));
            }
        }
        return found;
    }

    private static void emitTo(Collection<ClientSession> targets, String event, Object payload) {
        OutboundEvent encodedOnce = new OutboundEvent(event, payload);
        for (ClientSession session : targets) {
            session.emit(encodedOnce);
        }
    }
}
