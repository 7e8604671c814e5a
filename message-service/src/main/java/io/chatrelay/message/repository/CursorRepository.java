package io.chatrelay.message.repository;

import io.chatrelay.message.model.ConversationCursor;
import io.chatrelay.message.model.CursorAdvance;
import io.chatrelay.message.model.MovedCursor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Advances receipt cursors with one statement each: {@code insert … on conflict do update … where} moves a
 * cursor only forward (the {@code where} skips the update otherwise) and {@code returning} says whether it
 * moved. Targets are capped at the conversation's {@code last_seq}.
 */
@ApplicationScoped
public class CursorRepository implements PanacheRepositoryBase<ConversationCursor, ConversationCursor.Key> {

    /** The second branch reports the unchanged cursor when the first did not move it. */
    private static final String REPORT_ADVANCE = """
            select %1$s, true from moved
            union all
            select %1$s, false from conversation_cursors
            where conversation_id = :conversationId and user_id = :userId and not exists (select 1 from moved)
            """;

    /** Reading implies delivery: the delivered cursor follows the read cursor when it is behind. */
    private static final String ADVANCE_READ = """
            with target as (
                select id, least(:upToSeq, last_seq) as seq from conversations where id = :conversationId
            ), moved as (
                insert into conversation_cursors as cur
                    (conversation_id, user_id, delivered_seq, delivered_at, read_seq, read_at)
                select id, :userId, seq, :at, seq, :at from target where seq > 0
                on conflict (conversation_id, user_id) do update
                    set read_seq = excluded.read_seq, read_at = excluded.read_at,
                        delivered_seq = greatest(cur.delivered_seq, excluded.read_seq),
                        delivered_at = case when cur.delivered_seq < excluded.read_seq
                                            then excluded.delivered_at else cur.delivered_at end
                    where cur.read_seq < excluded.read_seq
                returning read_seq
            )
            """ + REPORT_ADVANCE.formatted("read_seq");

    /** Moved cursors with the other participant of their direct conversation. */
    private static final String REPORT_MOVED = """
            select moved.conversation_id,
                   case when c.user_a = :userId then c.user_b else c.user_a end,
                   moved.delivered_seq
            from moved join conversations c on c.id = moved.conversation_id
            """;

    /** Only messages the user received count: a message id of someone else's conversation changes nothing. */
    private static final String DELIVER_MESSAGES = """
            with received as (
                select conversation_id, max(seq) as seq from messages
                where id in (:messageIds) and receiver_id = :userId
                group by conversation_id
            ), moved as (
                insert into conversation_cursors as cur (conversation_id, user_id, delivered_seq, delivered_at)
                select conversation_id, :userId, seq, :at from received
                on conflict (conversation_id, user_id) do update
                    set delivered_seq = excluded.delivered_seq, delivered_at = excluded.delivered_at
                    where cur.delivered_seq < excluded.delivered_seq
                returning conversation_id, delivered_seq
            )
            """ + REPORT_MOVED;

    public Uni<CursorAdvance> advanceRead(String conversationId, String userId, long upToSeq, Instant at) {
        return advance(ADVANCE_READ, conversationId, userId, upToSeq, at);
    }

    public Uni<List<MovedCursor>> advanceDeliveredToMessages(String userId, Collection<UUID> messageIds, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(DELIVER_MESSAGES, Object[].class)
                        .setParameter("messageIds", messageIds)
                        .setParameter("userId", userId)
                        .setParameter("at", at)
                        .getResultList())
                .map(CursorRepository::toMovedCursors);
    }

    /** The cursors of every participant of these conversations. */
    public Uni<List<ConversationCursor>> ofConversations(Collection<String> conversationIds) {
        return conversationIds.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("conversationId in ?1", conversationIds);
    }

    private Uni<CursorAdvance> advance(String sql, String conversationId, String userId, long upToSeq, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter("conversationId", conversationId)
                        .setParameter("userId", userId)
                        .setParameter("upToSeq", upToSeq)
                        .setParameter("at", at)
                        .getResultList())
                .map(rows -> rows.isEmpty()
                        ? CursorAdvance.NONE
                        : new CursorAdvance(((Number) rows.get(0)[0]).longValue(), (Boolean) rows.get(0)[1]));
    }

    private static List<MovedCursor> toMovedCursors(List<Object[]> rows) {
        return rows.stream()
                .map(row -> new MovedCursor((String) row[0], (String) row[1], ((Number) row[2]).longValue()))
                .toList();
    }
}
