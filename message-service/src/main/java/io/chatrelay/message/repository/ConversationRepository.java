package io.chatrelay.message.repository;

import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.ConversationActivity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, String> {

    /**
     * A user's direct conversations, latest activity first, each with the number of messages from the other
     * participant beyond the user's read cursor (one index range scan per conversation).
     */
    private static final String DIRECT_WITH_UNREAD = """
            select c,
                   (select count(m) from Message m
                    where m.conversationId = c.id and m.senderId <> :userId
                      and m.seq > coalesce((select own.readSeq from ConversationCursor own
                                            where own.conversationId = c.id and own.userId = :userId), 0))
            from Conversation c
            where c.kind = 'direct' and (c.userA = :userId or c.userB = :userId)
            order by c.lastActivityAt desc, c.id
            """;

    public Uni<List<ConversationActivity>> directOf(String userId, int limit) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(DIRECT_WITH_UNREAD, Object[].class)
                        .setParameter("userId", userId)
                        .setMaxResults(limit)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new ConversationActivity((Conversation) row[0], ((Number) row[1]).longValue()))
                        .toList());
    }
}
