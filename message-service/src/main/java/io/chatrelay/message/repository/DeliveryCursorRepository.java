package io.chatrelay.message.repository;

import io.chatrelay.message.model.CursorAdvance;
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
 * Delivery cursors of direct conversations, advanced for many receipts in one round trip (a pipelined batch of
 * one statement per receipt, in order, on the caller's connection inside its transaction). Like every cursor
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

    private static Outcome outcome(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return new Outcome(false, false, null, CursorAdvance.NONE);
        }
        Row row = rows.iterator().next();
        return new Outcome(true, row.getBoolean("participant"), row.getString("other_user"),
                new CursorAdvance(row.getLong("delivered_seq"), row.getBoolean("moved")));
    }
}
