package io.chatrelay.message.repository;

import io.chatrelay.message.model.CursorAdvance;
import io.chatrelay.message.model.MovedCursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery cursors of direct conversations, advanced for many receipts (or catch-ups) in one round trip (a
 * pipelined batch of one statement each, in order, on the caller's connection inside its transaction). Like every cursor
 * advance ({@link CursorRepository}) it only moves forward and never past the conversation's last_seq.
 */
@ApplicationScoped
public class DeliveryCursorRepository {

    /** One receipt: {@code userId} received {@code conversationId} up to {@code upToSeq}. */
    public record DeliveredUpTo(String conversationId, String userId, long upToSeq) {
    }

    /** What a receipt found: no conversation, a user who is not a participant, or the cursor after it. */
    public record Outcome(boolean conversationFound, boolean participant, String otherUserId, CursorAdvance advance) {
    }

    /**
     * The last select reads the cursor as it was before this statement (a statement does not see its own
     * writes), which is the unchanged cursor when nothing moved.
     */
    private static final String ADVANCE_DELIVERED = """
            with conv as (
                select id, last_seq,
                       case when user_a = $2::varchar then user_b else user_a end as other_user,
                       coalesce($2::varchar in (user_a, user_b), false) as participant
                from conversations where id = $1::varchar
            ), moved as (
                insert into conversation_cursors as cur (conversation_id, user_id, delivered_seq, delivered_at)
                select id, $2::varchar, least($3::bigint, last_seq), $4::timestamptz from conv
                where participant and least($3::bigint, last_seq) > 0
                on conflict (conversation_id, user_id) do update
                    set delivered_seq = excluded.delivered_seq, delivered_at = excluded.delivered_at
                    where cur.delivered_seq < excluded.delivered_seq
                returning delivered_seq
            )
            select conv.participant, conv.other_user,
                   coalesce((select delivered_seq from moved),
                            (select delivered_seq from conversation_cursors
                             where conversation_id = $1::varchar and user_id = $2::varchar), 0) as delivered_seq,
                   exists (select 1 from moved) as moved
            from conv
            """;

    /** Longer than any message write takes: one that began before a catch-up may commit after it. */
    private static final String IN_FLIGHT_MARGIN = "5 minutes";

    /**
     * Every direct conversation of the user with a message from the other participant beyond the delivered
     * cursor is delivered up to its last_seq. Only conversations active since the user's previous catch-up are
     * candidates (the last-activity indexes; the margin covers message writes that began before that catch-up and
     * committed after it): every older one was caught up then, or is delivered since. The last_seq test filters
     * cheaply; the exists probe walks the (conversation_id, seq) index from the cursor on, so it skips
     * conversations where only the user wrote. Records this catch-up and reports each moved cursor with the other
     * participant.
     */
    private static final String CATCH_UP_DELIVERED = """
            with since as (
                select coalesce((select caught_up_at from delivery_checkpoints where user_id = $1::varchar)
                                - interval '%s', '-infinity'::timestamptz) as at
            ), candidates as (
                select c.id, c.last_seq from conversations c, since
                    where c.user_a = $1::varchar and c.last_activity_at > since.at and c.kind = 'direct'
                union all
                select c.id, c.last_seq from conversations c, since
                    where c.user_b = $1::varchar and c.user_a <> $1::varchar and c.last_activity_at > since.at
                      and c.kind = 'direct'
            ), pending as (
                select c.id, c.last_seq from candidates c
                left join conversation_cursors own on own.conversation_id = c.id and own.user_id = $1::varchar
                where c.last_seq > coalesce(own.delivered_seq, 0)
                  and exists (select 1 from messages m
                              where m.conversation_id = c.id and m.seq > coalesce(own.delivered_seq, 0)
                                and m.sender_id <> $1::varchar)
            ), moved as (
                insert into conversation_cursors as cur (conversation_id, user_id, delivered_seq, delivered_at)
                select id, $1::varchar, last_seq, $2::timestamptz from pending
                on conflict (conversation_id, user_id) do update
                    set delivered_seq = excluded.delivered_seq, delivered_at = excluded.delivered_at
                    where cur.delivered_seq < excluded.delivered_seq
                returning conversation_id, delivered_seq
            ), checkpoint as (
                insert into delivery_checkpoints as cp (user_id, caught_up_at) values ($1::varchar, now())
                on conflict (user_id) do update set caught_up_at = greatest(cp.caught_up_at, excluded.caught_up_at)
            )
            select moved.conversation_id,
                   case when c.user_a = $1::varchar then c.user_b else c.user_a end as other_user,
                   moved.delivered_seq
            from moved join conversations c on c.id = moved.conversation_id
            """.formatted(IN_FLIGHT_MARGIN);

    /** One outcome per receipt, in order; later receipts see the cursors earlier ones moved. */
    public Uni<List<Outcome>> advance(SqlConnection connection, List<DeliveredUpTo> receipts, Instant at) {
        List<Tuple> tuples = receipts.stream()
                .map(receipt -> Tuple.of(receipt.conversationId(), receipt.userId(), receipt.upToSeq(),
                        at.atOffset(ZoneOffset.UTC)))
                .toList();
        return connection.preparedQuery(ADVANCE_DELIVERED).executeBatch(tuples).map(first -> {
            List<Outcome> outcomes = new ArrayList<>(receipts.size());
            for (RowSet<Row> rows = first; rows != null && outcomes.size() < receipts.size(); rows = rows.next()) {
                outcomes.add(outcome(rows));
            }
            return outcomes;
        });
    }

    /** Catches up each user in turn (devices that connected): the cursors each one moved, in order. */
    public Uni<List<List<MovedCursor>>> catchUp(SqlConnection connection, List<String> userIds, Instant at) {
        List<Tuple> tuples = userIds.stream().map(userId -> Tuple.of(userId, at.atOffset(ZoneOffset.UTC))).toList();
        return connection.preparedQuery(CATCH_UP_DELIVERED).executeBatch(tuples).map(first -> {
            List<List<MovedCursor>> moved = new ArrayList<>(userIds.size());
            for (RowSet<Row> rows = first; rows != null && moved.size() < userIds.size(); rows = rows.next()) {
                List<MovedCursor> cursors = new ArrayList<>();
                for (Row row : rows) {
                    cursors.add(new MovedCursor(row.getString(0), row.getString(1), row.getLong(2)));
                }
                moved.add(cursors);
            }
            return moved;
        });
    }

    private static Outcome outcome(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return new Outcome(false, false, null, CursorAdvance.NONE);
        }
        Row row = rows.iterator().next();
        return new Outcome(true, row.getBoolean("participant"), row.getString("other_user"),
                new CursorAdvance(row.getLong("delivered_seq"), row.getBoolean("moved")));
    }
}
