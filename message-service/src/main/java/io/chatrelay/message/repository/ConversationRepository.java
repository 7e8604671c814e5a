package io.chatrelay.message.repository;

import io.chatrelay.message.model.Conversation;
import io.chatrelay.message.model.ConversationActivity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, String> {

    private static final String NEXT_DIRECT_SEQ = """
            insert into conversations (id, kind, user_a, user_b, last_seq, last_activity_at)
            values (:id, 'direct', :userA, :userB, 1, :at)
            on conflict (id) do update
                set last_seq = conversations.last_seq + 1, last_activity_at = excluded.last_activity_at
            returning last_seq
            """;

    private static final String NEXT_ROOM_SEQ = """
            insert into conversations (id, kind, last_seq, last_activity_at)
            values (:id, 'room', 1, :at)
            on conflict (id) do update
                set last_seq = conversations.last_seq + 1, last_activity_at = excluded.last_activity_at
            returning last_seq
            """;

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

    /**
     * Creates the direct conversation if needed and takes its next seq in one statement. The row lock it
     * holds until commit keeps seq strictly increasing even with several message-service replicas.
     */
    public Uni<Long> nextDirectSeq(String conversationId, String userId, String otherUserId, Instant at) {
        String userA = userId.compareTo(otherUserId) <= 0 ? userId : otherUserId;
        String userB = userA.equals(userId) ? otherUserId : userId;
        return Panache.getSession().chain(session -> session.createNativeQuery(NEXT_DIRECT_SEQ, Long.class)
                .setParameter("id", conversationId)
                .setParameter("userA", userA)
                .setParameter("userB", userB)
                .setParameter("at", at)
                .getSingleResult());
    }

    /** The same for a room's conversation, which has no participant columns: members are in the room replica. */
    public Uni<Long> nextRoomSeq(String conversationId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(NEXT_ROOM_SEQ, Long.class)
                .setParameter("id", conversationId)
                .setParameter("at", at)
                .getSingleResult());
    }

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
