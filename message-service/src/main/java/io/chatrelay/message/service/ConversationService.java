package io.chatrelay.message.service;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.message.mapping.MessageMapper;
import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.ConversationActivity;
import io.chatrelay.message.model.ConversationCursor;
import io.chatrelay.message.model.Message;
import io.chatrelay.message.repository.ConversationRepository;
import io.chatrelay.message.repository.CursorRepository;
import io.chatrelay.message.repository.MessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a user may read: their conversation list and the history of their direct conversations. A user
 * only ever sees their own conversations, because the conversation is always derived from the caller.
 * Statuses come from the receiver's cursors.
 */
@ApplicationScoped
public class ConversationService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final CursorRepository cursors;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
                               CursorRepository cursors) {
        this.conversations = conversations;
        this.messages = messages;
        this.cursors = cursors;
    }

    /** The user's direct conversations, latest activity first: three queries whatever their number. */
    public Uni<List<ConversationSummary>> conversationsOf(String userId, Integer limit) {
        Optional<String> violation = limitViolation(limit);
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        return Panache.withSession(() -> conversations.directOf(userId, limit == null ? DEFAULT_LIMIT : limit)
                .chain(activities -> {
                    List<String> ids = activities.stream().map(activity -> activity.conversation().id).toList();
                    return messages.latestOf(ids).chain(latest -> cursors.ofConversations(ids)
                            .map(cursorList -> summaries(userId, activities, latest, byKey(cursorList))));
                }));
    }

    /** One page of the conversation between {@code userId} and {@code otherUserId}, newest first. */
    public Uni<MessagePage> history(String userId, String otherUserId, Long before, Integer limit) {
        Optional<String> violation = OtherUser.violation("userId", userId, otherUserId)
                .or(() -> limitViolation(limit))
                .or(() -> before != null && before < 1 ? Optional.of("before must be at least 1") : Optional.empty());
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

    private static List<ConversationSummary> summaries(String userId, List<ConversationActivity> activities,
                                                       List<Message> latest,
                                                       Map<ConversationCursor.Key, ConversationCursor> cursors) {
        Map<String, Message> latestByConversation = latest.stream()
                .collect(Collectors.toMap(message -> message.conversationId, Function.identity()));
        return activities.stream().map(activity -> {
            Conversation conversation = activity.conversation();
            Message last = latestByConversation.get(conversation.id);
            return new ConversationSummary(conversation.id, Conversation.DIRECT,
                    conversation.otherParticipant(userId), last == null ? null : withStatus(last, cursors),
                    activity.unreadCount());
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

    private static Optional<String> limitViolation(Integer limit) {
        return limit != null && (limit < 1 || limit > MAX_LIMIT)
                ? Optional.of("limit must be between 1 and " + MAX_LIMIT + ", got " + limit)
                : Optional.empty();
    }
}
