package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.gateway.session.ClientSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * {@code typing_start} and {@code typing_stop} {@code {receiverId | roomId, conversationId?}}: in a direct
 * conversation the typist may always write to the partner; in a room only a member may type. Acknowledged at
 * once ({@code {"ok":true}}): indicators travel on their own, never stored.
 */
@ApplicationScoped
public class TypingHandler implements CommandHandler {

    static final String TYPING_START = "typing_start";
    static final String TYPING_STOP = "typing_stop";

    @RegisterForReflection
    record Acknowledged(boolean ok) {
    }

    private static final Acknowledged OK = new Acknowledged(true);

    private final TypingTracker tracker;
    private final RoomMemberships memberships;

    public TypingHandler(TypingTracker tracker, RoomMemberships memberships) {
        this.tracker = tracker;
        this.memberships = memberships;
    }

    @Override
    public RateLimiter.Kind rateLimit() {
        return RateLimiter.Kind.TYPING;
    }

    @Override
    public Set<String> events() {
        return Set.of(TYPING_START, TYPING_STOP);
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        return Uni.createFrom().deferred(() -> {
            TypingTarget target = target(session, data);
            Uni<?> allowed = target.roomId() == null
                    ? Uni.createFrom().voidItem()
                    : memberships.requireMember(target.roomId(), session.userId());
            return allowed.map(ignored -> {
                if (TYPING_START.equals(event)) {
                    tracker.start(session, target);
                } else {
                    tracker.stop(session, target);
                }
                return OK;
            });
        });
    }

    private static TypingTarget target(ClientSession session, JsonNode data) {
        boolean hasReceiver = data.hasNonNull("receiverId");
        boolean hasRoom = data.hasNonNull("roomId");
        if (hasReceiver == hasRoom) {
            throw new CommandException(ErrorCode.VALIDATION, "exactly one of receiverId and roomId is required");
        }
        String receiverId = hasReceiver ? Arguments.requiredId(data, "receiverId") : null;
        String roomId = hasRoom ? Arguments.requiredId(data, "roomId") : null;
        if (session.userId().equals(receiverId)) {
            throw new CommandException(ErrorCode.VALIDATION, "receiverId must be another user");
        }
        String conversationId = hasRoom ? ConversationIds.room(roomId) : ConversationIds.direct(session.userId(), receiverId);
        String given = Arguments.optionalId(data, "conversationId");
        if (given != null && !given.equals(conversationId)) {
            throw new CommandException(ErrorCode.VALIDATION, "conversationId is not the conversation of "
                    + (hasRoom ? "roomId" : "receiverId"));
        }
        return new TypingTarget(receiverId, roomId, conversationId);
    }
}
