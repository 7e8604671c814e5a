package io.chatrelay.gateway.core;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessagesDelivered;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.gateway.messaging.MessageCommandPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;

/** Turns message events into socket events for the users connected to this gateway. */
@ApplicationScoped
public class MessageDelivery {

    public static final String MESSAGE_SENT = "message_sent";
    public static final String NEW_DIRECT_MESSAGE = "new_direct_message";

    private static final Logger LOG = Logger.getLogger(MessageDelivery.class);

    private final SessionRegistry sessions;
    private final PendingRequests pending;
    private final MessageCommandPublisher publisher;

    public MessageDelivery(SessionRegistry sessions, PendingRequests pending, MessageCommandPublisher publisher) {
        this.sessions = sessions;
        this.pending = pending;
        this.publisher = publisher;
    }

    public void deliver(MessageEvent event) {
        if (event.origin() != null) {
            pending.answer(event.origin().requestId(), event);
        }
        // rejections and command results concern only the socket waiting for them, answered above
        if (event instanceof MessageStored stored) {
            fanOut(stored.message());
        } else if (event instanceof MessagesDelivered delivered) {
            notifyDelivered(delivered);
        } else if (event instanceof MessagesRead read) {
            notifyRead(read);
        }
    }

    private void fanOut(ChatMessage message) {
        for (ClientSession session : sessions.sessionsOf(message.senderId())) {
            session.emitMessageOnce(MESSAGE_SENT, message.id(), message);
        }
        if (message.receiverId() == null || message.receiverId().equals(message.senderId())) {
            return;
        }
        boolean reachedADevice = false;
        for (ClientSession session : sessions.sessionsOf(message.receiverId())) {
            reachedADevice |= session.emitMessageOnce(NEW_DIRECT_MESSAGE, message.id(), message);
        }
        if (reachedADevice) {
            MarkDelivered receipt = new MarkDelivered(null, message.conversationId(), message.receiverId(),
                    message.seq(), message.id().toString());
            publisher.publish(receipt).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("could not publish the delivery receipt of %s: %s", message.id(), failure.getMessage()));
        }
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

    /** The other participant learns their messages were read; the reader's devices sync their unread state. */
    private void notifyRead(MessagesRead read) {
        ReceiptEvents.MessagesRead payload = new ReceiptEvents.MessagesRead(read.conversationId(), read.userId(),
                read.upToSeq(), read.readAt());
        emitTo(sessions.sessionsOf(read.otherUserId()), ReceiptEvents.MESSAGES_READ, payload);
        emitTo(sessions.sessionsOf(read.userId()), ReceiptEvents.MESSAGES_READ, payload);
    }

    private static void emitTo(Collection<ClientSession> targets, String event, Object payload) {
        for (ClientSession session : targets) {
            session.emit(event, payload);
        }
    }
}
