package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.message.CommandResult;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.gateway.messaging.MessageCommandPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;

/**
 * {@code mark_messages_read {otherUserId} | {roomId}}: everything written so far in that conversation is
 * read. When the read cursor moved, {@code messages_read} goes to the other user's sockets and the reader's
 * (direct) or to the sockets of every member (room).
 */
@ApplicationScoped
public class MarkMessagesReadHandler implements CommandHandler {

    private final MessageCommandPublisher publisher;
    private final PendingRequests pending;
    private final RoomMemberships memberships;
    private final GatewayConfig config;

    public MarkMessagesReadHandler(MessageCommandPublisher publisher, PendingRequests pending,
                                   RoomMemberships memberships, GatewayConfig config) {
        this.publisher = publisher;
        this.pending = pending;
        this.memberships = memberships;
        this.config = config;
    }

    @Override
    public Set<String> events() {
        return Set.of("mark_messages_read");
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        if (data.hasNonNull("roomId")) {
            String roomId = Arguments.requiredId(data, "roomId");
            return memberships.requireMember(roomId, session.userId())
                    .chain(room -> markRead(session, ConversationIds.room(roomId)));
        }
        String otherUserId = Arguments.requiredId(data, "otherUserId");
        if (otherUserId.equals(session.userId())) {
            throw new CommandException(ErrorCode.VALIDATION, "otherUserId must be another user");
        }
        return markRead(session, ConversationIds.direct(session.userId(), otherUserId));
    }

    private Uni<Object> markRead(ClientSession session, String conversationId) {
        Origin origin = new Origin(config.instanceId(), UUID.randomUUID().toString());
        MarkRead command = new MarkRead(origin, conversationId, session.userId(), null);
        return pending.awaitAnswer(origin.requestId(), () -> publisher.publish(command))
                .map(MarkMessagesReadHandler::toReply);
    }

    private static Object toReply(MessageEvent answer) {
        if (answer instanceof MessagesRead read) {
            return new ReceiptEvents.ReadCursor(true, read.conversationId(), read.upToSeq());
        }
        CommandResult result = (CommandResult) answer;
        if (!result.ok()) {
            throw new CommandException(ErrorCode.fromWireName(result.code()), result.reason());
        }
        return new ReceiptEvents.ReadCursor(true, result.conversationId(), result.upToSeq() == null ? 0 : result.upToSeq());
    }
}
