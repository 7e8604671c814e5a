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
 * {@code send_direct_message {receiverId, …}}, {@code send_room_message {roomId, …}} and
 * {@code send_message {receiverId | roomId, …}} with {@code content, type, clientMessageId?}: validated here
 * (room senders must be members), stored by message-service, acknowledged with the stored message once it
 * is durable.
 */
@ApplicationScoped
public class SendMessageHandler implements CommandHandler {

    static final String SEND_MESSAGE = "send_message";
    static final String SEND_DIRECT_MESSAGE = "send_direct_message";
    static final String SEND_ROOM_MESSAGE = "send_room_message";

    private record Target(String receiverId, String roomId) {
    }

    private final MessageCommandPublisher publisher;
    private final PendingRequests pending;
    private final RoomMemberships memberships;
    private final GatewayConfig config;

    public SendMessageHandler(MessageCommandPublisher publisher, PendingRequests pending, RoomMemberships memberships,
                              GatewayConfig config) {
        this.publisher = publisher;
        this.pending = pending;
        this.memberships = memberships;
        this.config = config;
    }

    @Override
    public RateLimiter.Kind rateLimit() {
        return RateLimiter.Kind.SEND;
    }

    @Override
    public Set<String> events() {
        return Set.of(SEND_MESSAGE, SEND_DIRECT_MESSAGE, SEND_ROOM_MESSAGE);
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        String clientMessageId;
        try {
            clientMessageId = Arguments.optionalId(data, "clientMessageId");
        } catch (CommandException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        return Uni.createFrom().deferred(() -> {
                    Target target = target(session, event, data);
                    SendMessage command = toCommand(session, target, data, clientMessageId);
                    Uni<?> allowed = target.roomId() == null
                            ? Uni.createFrom().voidItem()
                            : memberships.requireMember(target.roomId(), session.userId());
                    return allowed.chain(() -> pending.awaitAnswer(command.origin().requestId(),
                            () -> publisher.publish(command)));
                })
                .map(SendMessageHandler::toReply)
                .onFailure(CommandException.class)
                .transform(failure -> ((CommandException) failure).withClientMessageId(clientMessageId));
    }

    private static Target target(ClientSession session, String event, JsonNode data) {
        boolean hasReceiver = data.hasNonNull("receiverId");
        boolean hasRoom = data.hasNonNull("roomId");
        if (SEND_DIRECT_MESSAGE.equals(event) || SEND_MESSAGE.equals(event) && hasReceiver && !hasRoom) {
            String receiverId = Arguments.requiredId(data, "receiverId");
            if (receiverId.equals(session.userId())) {
                throw new CommandException(ErrorCode.VALIDATION, "receiverId must be another user");
            }
            return new Target(receiverId, null);
        }
        if (SEND_MESSAGE.equals(event) && hasReceiver == hasRoom) {
            throw new CommandException(ErrorCode.VALIDATION, "exactly one of receiverId and roomId is required");
        }
        return new Target(null, Arguments.requiredId(data, "roomId"));
    }

    private SendMessage toCommand(ClientSession session, Target target, JsonNode data, String clientMessageId) {
        String typeName = Arguments.optionalText(data, "type");
        MessageType type = typeName == null ? MessageType.TEXT : MessageType.fromWireName(typeName)
                .orElseThrow(() -> new CommandException(ErrorCode.VALIDATION,
                        "type must be one of text, image, file, emoji"));
        String content = Arguments.requiredText(data, "content");
        MessageRules.contentViolation(type, content).ifPresent(violation -> {
            throw new CommandException(ErrorCode.VALIDATION, violation);
        });
        Origin origin = new Origin(config.instanceId(), UUID.randomUUID().toString());
        String conversationId = target.roomId() != null
                ? ConversationIds.room(target.roomId())
                : ConversationIds.direct(session.userId(), target.receiverId());
        return new SendMessage(origin, conversationId, session.userId(), target.receiverId(), clientMessageId, type,
                content, Instant.now(), target.roomId());
    }

    private static Object toReply(Object answer) {
        if (answer instanceof MessageStored stored) {
            return new Replies.Ok<>(stored.message());
        }
        MessageRejected rejected = (MessageRejected) answer;
        throw new CommandException(ErrorCode.fromWireName(rejected.code()), rejected.reason(), rejected.clientMessageId());
    }
}
