package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageRejected;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.gateway.messaging.MessageCommandPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * {@code send_direct_message {receiverId, content, type, clientMessageId?}}: validated here, stored by
 * message-service, acknowledged with the stored message once it is durable.
 */
@ApplicationScoped
public class SendDirectMessageHandler implements CommandHandler {

    private final MessageCommandPublisher publisher;
    private final PendingRequests pending;
    private final GatewayConfig config;

    public SendDirectMessageHandler(MessageCommandPublisher publisher, PendingRequests pending, GatewayConfig config) {
        this.publisher = publisher;
        this.pending = pending;
        this.config = config;
    }

    @Override
    public Set<String> events() {
        return Set.of("send_direct_message");
    }

    @Override
    public Uni<Object> handle(ClientSession session, JsonNode data) {
        String clientMessageId = Arguments.optionalId(data, "clientMessageId");
        try {
            SendMessage command = toCommand(session, data, clientMessageId);
            return pending.awaitAnswer(command.origin().requestId(), () -> publisher.publish(command))
                    .map(SendDirectMessageHandler::toReply)
                    .onFailure(CommandException.class)
                    .transform(failure -> ((CommandException) failure).withClientMessageId(clientMessageId));
        } catch (CommandException invalid) {
            return Uni.createFrom().failure(invalid.withClientMessageId(clientMessageId));
        }
    }

    private SendMessage toCommand(ClientSession session, JsonNode data, String clientMessageId) {
        String receiverId = Arguments.requiredId(data, "receiverId");
        if (receiverId.equals(session.userId())) {
            throw new CommandException(ErrorCode.VALIDATION, "receiverId must be another user");
        }
        String typeName = Arguments.optionalText(data, "type");
        MessageType type = typeName == null ? MessageType.TEXT : MessageType.fromWireName(typeName)
                .orElseThrow(() -> new CommandException(ErrorCode.VALIDATION,
                        "type must be one of text, image, file, emoji"));
        String content = Arguments.requiredText(data, "content");
        MessageRules.contentViolation(type, content).ifPresent(violation -> {
            throw new CommandException(ErrorCode.VALIDATION, violation);
        });
        Origin origin = new Origin(config.instanceId(), UUID.randomUUID().toString());
        return new SendMessage(origin, ConversationIds.direct(session.userId(), receiverId), session.userId(),
                receiverId, clientMessageId, type, content, Instant.now());
    }

    private static Object toReply(Object answer) {
        if (answer instanceof MessageStored stored) {
            return new Replies.Ok<>(stored.message());
        }
        MessageRejected rejected = (MessageRejected) answer;
        throw new CommandException(ErrorCode.fromWireName(rejected.code()), rejected.reason(), rejected.clientMessageId());
    }
}
