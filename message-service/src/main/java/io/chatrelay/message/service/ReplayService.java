package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.model.ConversationCursor;
import io.chatrelay.message.model.Message;
import io.chatrelay.message.repository.ReplayRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reconnecting device missed: the messages of the user's own conversations (direct ones the user is
 * part of, rooms the user is a member of now) after the position the device gives, and the receipt cursors of
 * the other participants of those direct conversations. Conversations the user has no part in are ignored.
 */
@ApplicationScoped
public class ReplayService {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_CONVERSATIONS = 1000;

    /** A receipt cursor of another participant of a direct conversation. */
    public record Cursor(String conversationId, String userId, long deliveredSeq, Instant deliveredAt, long readSeq,
                         Instant readAt) {
    }

    /** {@code truncated}: more messages exist than were returned; the client pages the rest over REST. */
    public record Replay(List<ChatMessage> messages, boolean truncated, List<Cursor> cursors) {
    }

    private final ReplayRepository replays;
    private final Pool pool;

    public ReplayService(ReplayRepository replays, Pool pool) {
        this.replays = replays;
        this.pool = pool;
    }

    public Uni<Replay> replay(String userId, Map<String, Long> listed, Instant since, Integer limit) {
        Map<String, Long> positions = listed == null ? Map.of() : listed;
        Optional<String> violation = violation(userId, positions, limit);
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        int max = limit == null ? MAX_LIMIT : limit;
        return Transactions.inConnection("replay messages", pool, connection ->
                replays.missed(connection, userId, positions, since, max + 1).chain(found -> {
                    List<Message> page = found.size() > max ? found.subList(0, max) : found;
                    Set<String> direct = new HashSet<>();
                    positions.keySet().stream().filter(id -> !ConversationIds.isRoom(id)).forEach(direct::add);
                    page.stream().filter(message -> message.roomId == null)
                            .forEach(message -> direct.add(message.conversationId));
                    return replays.cursorsOf(connection, userId, direct)
                            .map(cursorList -> answer(userId, page, found.size() > max, cursorList));
                }));
    }

    private static Replay answer(String userId, List<Message> page, boolean truncated,
                                 List<ConversationCursor> cursorList) {
        Map<ConversationCursor.Key, ConversationCursor> byKey = cursorList.stream().collect(Collectors.toMap(
                cursor -> new ConversationCursor.Key(cursor.conversationId, cursor.userId), Function.identity()));
        List<ChatMessage> messages = page.stream().map(message -> MessageMapper.toChatMessage(message,
                message.roomId != null
                        ? MessageStatus.SENT
                        : ConversationCursor.statusOf(byKey.get(new ConversationCursor.Key(message.conversationId,
                                message.receiverId)), message.seq)))
                .toList();
        List<Cursor> others = cursorList.stream()
                .filter(cursor -> !cursor.userId.equals(userId))
                .sorted((a, b) -> a.conversationId.compareTo(b.conversationId))
                .map(cursor -> new Cursor(cursor.conversationId, cursor.userId, cursor.deliveredSeq,
                        cursor.deliveredAt, cursor.readSeq, cursor.readAt))
                .toList();
        return new Replay(messages, truncated, others);
    }

    private static Optional<String> violation(String userId, Map<String, Long> positions, Integer limit) {
        Optional<String> userViolation = MessageRules.idViolation("userId", userId);
        if (userViolation.isPresent()) {
            return userViolation;
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            return Optional.of("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (positions.size() > MAX_CONVERSATIONS) {
            return Optional.of("at most " + MAX_CONVERSATIONS + " conversations may be listed");
        }
        for (Map.Entry<String, Long> position : positions.entrySet()) {
            if (position.getKey() == null || position.getKey().isEmpty() || position.getKey().length() > 64) {
                return Optional.of("conversation ids must be 1..64 characters");
            }
            if (position.getValue() == null || position.getValue() < 0) {
                return Optional.of("conversations." + position.getKey() + " must be a seq of at least 0");
            }
        }
        return Optional.empty();
    }
}
