package io.chatrelay.message.repository;

import io.chatrelay.message.model.Message;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The queries of a reconnect replay: a user's conversations, and what is new in them. */
@ApplicationScoped
public class ReplayRepository {

    /** Direct conversations the user is part of and the rooms the user is a member of (room replica). */
    private static final String CONVERSATIONS_OF = """
            select id from conversations where kind = 'direct' and (user_a = :userId or user_b = :userId)
            union all
            select concat('r-', room_id) from room_members where user_id = :userId
            """;

    public Uni<List<String>> conversationsOf(String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CONVERSATIONS_OF, String.class)
                .setParameter("userId", userId)
                .getResultList());
    }

    /**
     * Up to {@code max} messages with seq above {@code afterSeq}'s value in those conversations, and created after
     * {@code since} in {@code sinceConversations}, ordered by conversation then seq. One query: one index range
     * per listed conversation.
     */
    public Uni<List<Message>> after(Map<String, Long> afterSeq, Collection<String> sinceConversations, Instant since,
                                    int max) {
        if (afterSeq.isEmpty() && (since == null || sinceConversations.isEmpty())) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        afterSeq.forEach((conversationId, seq) -> {
            where.append(where.isEmpty() ? "" : " or ")
                    .append("(m.conversationId = ?").append(parameters.size() + 1)
                    .append(" and m.seq > ?").append(parameters.size() + 2).append(')');
            parameters.add(conversationId);
            parameters.add(seq);
        });
        if (since != null && !sinceConversations.isEmpty()) {
            where.append(where.isEmpty() ? "" : " or ")
                    .append("(m.conversationId in ?").append(parameters.size() + 1)
                    .append(" and m.createdAt > ?").append(parameters.size() + 2).append(')');
            parameters.add(List.copyOf(sinceConversations));
            parameters.add(since);
        }
        String query = "from Message m where " + where + " order by m.conversationId, m.seq";
        return Panache.getSession().chain(session -> {
            var selection = session.createSelectionQuery(query, Message.class);
            for (int i = 0; i < parameters.size(); i++) {
                selection.setParameter(i + 1, parameters.get(i));
            }
            return selection.setMaxResults(max).getResultList();
        });
    }
}
