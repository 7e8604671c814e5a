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
 * {@code send_direct_message {receiverId, content, type, clientMessageId?}} and
 * {@code send_message {receiverId | roomId, content, type, clientMessageId?}}: validated here, stored by
 * message-service, acknowledged with the stored message once it is durable.
 */
@ApplicationScoped
public class SendMessageHandler implements CommandHandler {

    static final String SEND_MESSAGE = "send_message";
    static final String SEND_DIRECT_MESSAGE = "send_direct_message";

    private final MessageCommandPublisher publisher;
    private final PendingRequests pending;
    private final GatewayConfig config;

    public SendMessageHandler(MessageCommandPublisher publisher, PendingRequests pending, GatewayConfig config) {
        this.publisher = publisher;
        this.pending = pending;
        this.config = config;
    }

    @Override
    public Set<String> events() {
        return Set.of(SEND_MESSAGE, SEND_DIRECT_MESSAGE);
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        String clientMessageId;
        try {
            clientMessageId = Arguments.optionalId(data, "clientMessageId");
        } catch (CommandException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        try {
            if (SEND_MESSAGE.equals(event)) {
                requireDirectTarget(data);
            }
            SendMessage command = toCommand(session, data, clientMessageId);
            return pending.awaitAnswer(command.origin().requestId(), () -> publisher.publish(command))
                    .map(SendMessageHandler::toReply)
                    .onFailure(CommandException.class)
                    .transform(failure -> ((CommandException) failure).withClientMessageId(clientMessageId));
        } catch (CommandException invalid) {
            return Uni.createFrom().failure(invalid.withClientMessageId(clientMessageId));
        }
    }

    /** {@code send_message} names exactly one target; rooms are served once room-service knows them. */
    private static void requireDirectTarget(JsonNode data) {
        boolean hasReceiver = data.hasNonNull("receiverId");
        boolean hasRoom = data.hasNonNull("roomId");
        if (hasReceiver == hasRoom) {
            throw new CommandException(ErrorCode.VALIDATION, "exactly one of receiverId and roomId is required");
        }
        if (hasRoom) {
            String roomId = Arguments.requiredId(data, "roomId");
            throw new CommandException(ErrorCode.NOT_FOUND, "room " + roomId + " does not exist");
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
