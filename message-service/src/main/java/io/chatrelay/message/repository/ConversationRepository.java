package io.chatrelay.message.repository;

import io.chatrelay.message.model.Conversation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, String> {

    private static final String NEXT_DIRECT_SEQ = """
            insert into conversations (id, kind, user_a, user_b, last_seq, last_activity_at)
            values (:id, 'direct', :userA, :userB, 1, :at)
            on conflict (id) do update
                set last_seq = conversations.last_seq + 1, last_activity_at = excluded.last_activity_at
            returning last_seq
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
}
