package io.chatrelay.gateway.core;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns message events into socket events for the users connected to this gateway. */
@ApplicationScoped
public class MessageDelivery {

    public static final String MESSAGE_SENT = "message_sent";
    public static final String NEW_DIRECT_MESSAGE = "new_direct_message";

    private final SessionRegistry sessions;
    private final PendingRequests pending;

    public MessageDelivery(SessionRegistry sessions, PendingRequests pending) {
        this.sessions = sessions;
        this.pending = pending;
    }

    public void deliver(MessageEvent event) {
        if (event.origin() != null) {
            pending.answer(event.origin().requestId(), event);
        }
        // a rejection concerns only the socket waiting for it, answered above
        if (event instanceof MessageStored stored) {
            fanOut(stored.message());
        }
    }

    private void fanOut(ChatMessage message) {
        for (ClientSession session : sessions.sessionsOf(message.senderId())) {
            session.emitMessageOnce(MESSAGE_SENT, message.id(), message);
        }
        if (message.receiverId() != null && !message.receiverId().equals(message.senderId())) {
            for (ClientSession session : sessions.sessionsOf(message.receiverId())) {
                session.emitMessageOnce(NEW_DIRECT_MESSAGE, message.id(), message);
            }
        }
    }
}
