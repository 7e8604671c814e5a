package io.chatrelay.message.repository;

import io.chatrelay.message.model.ConversationCursor;
import io.chatrelay.message.model.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The queries of a reconnect replay, in plain SQL with fixed texts (prepared once per connection): a storm of
 * reconnects runs thousands of them, and a query built per call would be parsed and planned per call.
 */
@ApplicationScoped
public class ReplayRepository {

    /**
     * The user's conversations (direct ones they are part of, rooms they are a member of) that moved past the
     * device's position: a listed one whose last seq is above the listed seq, an unlisted one active after
     * {@code since}. Then up to {@code max} of their messages after that position, by conversation and seq.
     * Direct conversations are found by id (listed) or on the last-activity indexes (active after {@code since}),
     * so the cost follows what the device names and what happened since, not how many conversations the user has.
     * Conversations without news cost one index probe, and no message row is read for them.
     */
    private static final String MISSED = """
            with own as (
                select c.id, c.last_seq, c.last_activity_at from unnest($2::varchar[]) as listed(id)
                    join conversations c on c.id = listed.id
                    where c.kind = 'direct' and (c.user_a = $1 or c.user_b = $1)
                union
                select id, last_seq, last_activity_at from conversations
                    where user_a = $1 and kind = 'direct' and last_activity_at > $4::timestamptz
                union
                select id, last_seq, last_activity_at from conversations
                    where user_b = $1 and kind = 'direct' and last_activity_at > $4::timestamptz
                union
                select c.id, c.last_seq, c.last_activity_at from room_members r
                    join conversations c on c.id = 'r-' || r.room_id
                    where r.user_id = $1
            ),
            moved as (
                select own.id, p.seq as after_seq from own
                    left join unnest($2::varchar[], $3::bigint[]) as p(conversation_id, seq)
                        on p.conversation_id = own.id
                    where (p.seq is not null and own.last_seq > p.seq)
                       or (p.seq is null and $4::timestamptz is not null and own.last_activity_at > $4::timestamptz)
            )
            select m.* from moved
                cross join lateral (
                    select %s from messages m
                        where m.conversation_id = moved.id
                          and m.seq > coalesce(moved.after_seq, 0)
                          and (moved.after_seq is not null or m.created_at > $4::timestamptz)
                        order by m.seq
                        limit $5) m
                order by m.conversation_id, m.seq
                limit $5
            """.formatted(MessageWriteRepository.COLUMNS);

    /** The receipt cursors of those direct conversations the user is part of (others are ignored). */
    private static final String CURSORS = """
            select cc.conversation_id, cc.user_id, cc.delivered_seq, cc.delivered_at, cc.read_seq, cc.read_at
                from conversation_cursors cc
                join conversations c on c.id = cc.conversation_id
                where cc.conversation_id = any($1::varchar[])
                  and c.kind = 'direct' and (c.user_a = $2 or c.user_b = $2)
            """;

    /**
     * @param afterSeq the device's position: conversation id → the highest seq it has seen
     * @param since    unlisted conversations are replayed from messages created after it; none without it
     */
    public Uni<List<Message>> missed(SqlConnection connection, String userId, Map<String, Long> afterSeq,
                                     Instant since, int max) {
        Tuple parameters = Tuple.tuple()
                .addString(userId)
                .addArrayOfString(afterSeq.keySet().toArray(String[]::new))
                .addArrayOfLong(afterSeq.values().toArray(Long[]::new))
                .addOffsetDateTime(since == null ? null : since.atOffset(ZoneOffset.UTC))
                .addLong((long) max);
        return connection.preparedQuery(MISSED).execute(parameters).map(rows -> {
            List<Message> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                messages.add(MessageWriteRepository.toMessage(row));
            }
            return messages;
        });
    }

    public Uni<List<ConversationCursor>> cursorsOf(SqlConnection connection, String userId,
                                                   Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(CURSORS).execute(Tuple.of(conversationIds.toArray(String[]::new), userId))
                .map(rows -> {
                    List<ConversationCursor> cursors = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        cursors.add(toCursor(row));
                    }
                    return cursors;
                });
    }

    private static ConversationCursor toCursor(Row row) {
        ConversationCursor cursor = new ConversationCursor();
        cursor.conversationId = row.getString("conversation_id");
        cursor.userId = row.getString("user_id");
        cursor.deliveredSeq = row.getLong("delivered_seq");
        cursor.deliveredAt = instant(row.getOffsetDateTime("delivered_at"));
        cursor.readSeq = row.getLong("read_seq");
        cursor.readAt = instant(row.getOffsetDateTime("read_at"));
        return cursor;
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
