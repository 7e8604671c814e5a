package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.ConversationActivity;
import io.chatrelay.message.model.ConversationCursor;
import io.chatrelay.message.model.Message;
import io.chatrelay.message.model.Room;
import io.chatrelay.message.model.RoomActivity;
import io.chatrelay.message.repository.ConversationRepository;
import io.chatrelay.message.repository.CursorRepository;
import io.chatrelay.message.repository.MessageRepository;
import io.chatrelay.message.repository.RoomRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a user may read: their conversation list and the history of their direct conversations and rooms. A
 * user only ever sees their own conversations: a direct one is derived from the caller, a room's needs the
 * caller to be a member now. Statuses of direct messages come from the receiver's cursors; room messages
 * have no per-member receipts and stay {@code sent}.
 */
@ApplicationScoped
public class ConversationService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final CursorRepository cursors;
    private final RoomRepository rooms;
    private final RoomMemberships memberships;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
                               CursorRepository cursors, RoomRepository rooms, RoomMemberships memberships) {
        this.conversations = conversations;
        this.messages = messages;
        this.cursors = cursors;
        this.rooms = rooms;
        this.memberships = memberships;
    }

    /** A line of the list before its last message is loaded: what orders it and what it shows. */
    private record Line(String conversationId, Instant activityAt, String otherUserId, String roomId, String name,
                        long unreadCount) {

        static final Comparator<Line> LATEST_FIRST = Comparator.comparing(Line::activityAt).reversed()
                .thenComparing(Line::conversationId);

        boolean isRoom() {
            return roomId != null;
        }
    }

    /**
     * The user's direct conversations and rooms together, latest activity first (a room without messages by
     * its creation): four queries whatever their number. The most recent {@code limit} of each kind are
     * fetched, merged, and cut to {@code limit}.
     */
    public Uni<List<ConversationSummary>> conversationsOf(String userId, Integer limit) {
        Optional<String> violation = limitViolation(limit);
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        return Panache.withSession(() -> conversations.directOf(userId, size)
                .chain(direct -> rooms.roomsOf(userId, size)
                        .map(inRooms -> latestFirst(userId, direct, inRooms, size)))
                .chain(lines -> {
                    List<String> ids = lines.stream().map(Line::conversationId).toList();
                    List<String> directIds = lines.stream().filter(line -> !line.isRoom())
                            .map(Line::conversationId).toList();
                    return messages.latestOf(ids).chain(latest -> cursors.ofConversations(directIds)
                            .map(cursorList -> summaries(lines, latest, byKey(cursorList))));
                }));
    }

    /** One page of the conversation between {@code userId} and {@code otherUserId}, newest first. */
    public Uni<MessagePage> history(String userId, String otherUserId, Long before, Integer limit) {
        Optional<String> violation = OtherUser.violation("userId", userId, otherUserId)
                .or(() -> limitViolation(limit))
                .or(() -> beforeViolation(before));
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        String conversationId = ConversationIds.direct(userId, otherUserId);
        return Panache.withSession(() -> messages.pageOf(conversationId, before == null ? Long.MAX_VALUE : before,
                        pageSize + 1)
                .chain(page -> cursors.ofConversations(List.of(conversationId))
                        .map(cursorList -> page(page, pageSize, byKey(cursorList)))));
    }

    /**
     * One page of room {@code roomId}, newest first, for a member (403 otherwise, also for a member removed
     * since: their old messages stay in the room). Room messages carry status {@code sent}.
     */
    public Uni<MessagePage> roomHistory(String userId, String roomId, Long before, Integer limit) {
        Optional<String> violation = limitViolation(limit).or(() -> beforeViolation(before));
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        return memberships.requireMember(roomId, userId)
                .chain(() -> Panache.withSession(() -> messages.pageOf(ConversationIds.room(roomId),
                        before == null ? Long.MAX_VALUE : before, pageSize + 1)))
                .map(page -> page(page, pageSize, Map.of()));
    }

    private static List<Line> latestFirst(String userId, List<ConversationActivity> direct, List<RoomActivity> inRooms,
                                          int limit) {
        Stream<Line> directLines = direct.stream().map(activity -> new Line(activity.conversation().id,
                activity.conversation().lastActivityAt, activity.conversation().otherParticipant(userId), null, null,
                activity.unreadCount()));
        return Stream.concat(directLines, inRooms.stream().map(ConversationService::line))
                .sorted(Line.LATEST_FIRST)
                .limit(limit)
                .toList();
    }

    private static Line line(RoomActivity activity) {
        Room room = activity.room();
        Conversation conversation = activity.conversation();
        return new Line(ConversationIds.room(room.roomId),
                conversation == null ? room.createdAt : conversation.lastActivityAt, null, room.roomId, room.name,
                activity.unreadCount());
    }

    private static List<ConversationSummary> summaries(List<Line> lines, List<Message> latest,
                                                       Map<ConversationCursor.Key, ConversationCursor> cursors) {
        Map<String, Message> latestByConversation = latest.stream()
                .collect(Collectors.toMap(message -> message.conversationId, Function.identity()));
        return lines.stream().map(line -> {
            Message last = latestByConversation.get(line.conversationId());
            ChatMessage lastMessage = last == null ? null : withStatus(last, cursors);
            return line.isRoom()
                    ? ConversationSummary.room(line.conversationId(), line.roomId(), line.name(), lastMessage,
                            line.unreadCount())
                    : ConversationSummary.direct(line.conversationId(), line.otherUserId(), lastMessage,
                            line.unreadCount());
        }).toList();
    }

    /** One more than the page size was fetched: its presence says an older page exists. */
    private static MessagePage page(List<Message> fetched, int pageSize,
                                    Map<ConversationCursor.Key, ConversationCursor> cursors) {
        List<Message> page = fetched.size() > pageSize ? fetched.subList(0, pageSize) : fetched;
        Long nextBefore = fetched.size() > pageSize ? page.get(page.size() - 1).seq : null;
        return new MessagePage(page.stream().map(message -> withStatus(message, cursors)).toList(), nextBefore);
    }

    private static ChatMessage withStatus(Message message, Map<ConversationCursor.Key, ConversationCursor> cursors) {
        ConversationCursor receiverCursor = cursors.get(new ConversationCursor.Key(message.conversationId,
                message.receiverId));
        return MessageMapper.toChatMessage(message, ConversationCursor.statusOf(receiverCursor, message.seq));
    }

    private static Map<ConversationCursor.Key, ConversationCursor> byKey(List<ConversationCursor> cursorList) {
        return cursorList.stream().collect(Collectors.toMap(
                cursor -> new ConversationCursor.Key(cursor.conversationId, cursor.userId), Function.identity()));
    }

    private static Optional<String> beforeViolation(Long before) {
        return before != null && before < 1 ? Optional.of("before must be at least 1") : Optional.empty();
    }

    private static Optional<String> limitViolation(Integer limit) {
        return limit != null && (limit < 1 || limit > MAX_LIMIT)
                ? Optional.of("limit must be between 1 and " + MAX_LIMIT + ", got " + limit)
                : Optional.empty();
    }
}
