package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.gateway.messaging.MessageServiceClient;
import io.chatrelay.gateway.messaging.ReplayBatcher;
import io.chatrelay.gateway.session.ClientSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code resume {conversations: {conversationId: lastSeenSeq, …}, since?}}: a reconnecting device gets what it
 * missed before anything live. Live events for the socket are held while message-service is asked, the missed
 * messages are written in conversation-then-seq order (each message once: one also held live is written from
 * the held events instead), then the other participants' receipt cursors that moved beyond the device's
 * position, then the held live events. Ack {@code {ok:true, replayed, truncated}}; when {@code truncated}, the
 * client pages the rest over REST history. If message-service cannot answer, the ack is {@code internal} and
 * the held live events are written anyway.
 */
@ApplicationScoped
public class ResumeHandler implements CommandHandler {

    public static final String RESUME = "resume";
    static final int MAX_CONVERSATIONS = 1000;

    private static final Logger LOG = Logger.getLogger(ResumeHandler.class);

    @RegisterForReflection
    public record Resumed(boolean ok, int replayed, boolean truncated) {
    }

    private final ReplayBatcher replays;
    private final Duration timeout;

    public ResumeHandler(ReplayBatcher replays, GatewayConfig config) {
        this.replays = replays;
        this.timeout = config.resumeTimeout();
    }

    @Override
    public Set<String> events() {
        return Set.of(RESUME);
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        if (!data.isObject()) {
            throw new CommandException(ErrorCode.VALIDATION, "resume must be an object {conversations, since}");
        }
        Map<String, Long> positions = positions(data);
        Instant since = since(data);
        MessageServiceClient.ReplayQuery query = new MessageServiceClient.ReplayQuery(session.userId(), positions,
                since, null);
        session.holdLiveEvents();
        session.endAwaitingResume();
        return Uni.createFrom().deferred(() -> replays.replay(query))
                .ifNoItem().after(timeout).fail()
                .map(replay -> (Object) write(session, positions, replay))
                .onFailure(failure -> !(failure instanceof CommandException)).transform(failure -> {
                    LOG.warnf("replay for %s on %s failed: %s", session.userId(), session.id(), failure.toString());
                    return new CommandException(ErrorCode.INTERNAL,
                            "missed messages could not be replayed: page the history over REST");
                })
                .onTermination().invoke(session::releaseLiveEvents);
    }

    private static Resumed write(ClientSession session, Map<String, Long> positions,
                                 MessageServiceClient.Replay replay) {
        int replayed = 0;
        if (replay.messages() != null) {
            for (ChatMessage message : replay.messages()) {
                String event = session.userId().equals(message.senderId()) ? MessageDelivery.MESSAGE_SENT
                        : message.roomId() != null ? MessageDelivery.NEW_ROOM_MESSAGE
                        : MessageDelivery.NEW_DIRECT_MESSAGE;
                if (session.emitReplayed(event, message.id(), message)) {
                    replayed++;
                }
            }
        }
        if (replay.cursors() != null) {
            for (MessageServiceClient.Cursor cursor : replay.cursors()) {
                if (session.userId().equals(cursor.userId()) || ConversationIds.isRoom(cursor.conversationId())) {
                    continue;
                }
                long position = positions.getOrDefault(cursor.conversationId(), 0L);
                if (cursor.deliveredSeq() > position) {
                    session.emitReplayed(ReceiptEvents.MESSAGES_DELIVERED, new ReceiptEvents.MessagesDelivered(
                            cursor.conversationId(), cursor.userId(), cursor.deliveredSeq(), cursor.deliveredAt()));
                }
                if (cursor.readSeq() > position) {
                    session.emitReplayed(ReceiptEvents.MESSAGES_READ, new ReceiptEvents.MessagesRead(
                            cursor.conversationId(), null, cursor.userId(), cursor.readSeq(), cursor.readAt()));
                }
            }
        }
        return new Resumed(true, replayed, replay.truncated());
    }

    private static Map<String, Long> positions(JsonNode data) {
        JsonNode conversations = data.get("conversations");
        Map<String, Long> positions = new LinkedHashMap<>();
        if (conversations == null || conversations.isNull()) {
            return positions;
        }
        if (!conversations.isObject()) {
            throw new CommandException(ErrorCode.VALIDATION,
                    "conversations must be an object of conversationId: last seen seq");
        }
        if (conversations.size() > MAX_CONVERSATIONS) {
            throw new CommandException(ErrorCode.VALIDATION,
                    "at most " + MAX_CONVERSATIONS + " conversations may be listed");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = conversations.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode seq = field.getValue();
            if (field.getKey().isEmpty() || field.getKey().length() > 64) {
                throw new CommandException(ErrorCode.VALIDATION, "conversation ids must be 1..64 characters");
            }
            if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
                throw new CommandException(ErrorCode.VALIDATION,
                        "conversations." + field.getKey() + " must be a seq of at least 0");
            }
            positions.put(field.getKey(), seq.asLong());
        }
        return positions;
    }

    private static Instant since(JsonNode data) {
        String since = Arguments.optionalText(data, "since");
        if (since == null) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException invalid) {
            throw new CommandException(ErrorCode.VALIDATION, "since must be an ISO-8601 instant such as "
                    + "2026-11-25T20:00:00Z");
        }
    }
}
