package io.chatrelay.message.repository;

import io.chatrelay.contracts.message.MessageType;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The write path of messages, for any number of messages at once: one statement per step however many there
 * are (arrays bound with {@code unnest}), run on the caller's connection inside its transaction. Plain SQL
 * through the reactive client: the command consumer writes whole Kafka batches with it.
 */
@ApplicationScoped
public class MessageWriteRepository {

    /** A sender's idempotency key: names at most one message. */
    public record IdempotencyKey(String senderId, String key) {
    }

    /** {@code count} seqs to take in a conversation, which is created if needed. */
    public record SeqReservation(String conversationId, boolean room, String userA, String userB, int count,
                                 Instant at) {
    }

    static final String COLUMNS =
            "id, conversation_id, seq, sender_id, receiver_id, room_id, client_message_id, idempotency_key, type,"
            + " content, created_at";

    private static final String FIND_BY_KEYS = """
            select %s from messages m
            join unnest($1::varchar[], $2::varchar[]) as k(sender_id, idempotency_key)
                using (sender_id, idempotency_key)
            """.formatted(COLUMNS);

    /**
     * Takes {@code count} seqs per conversation in one statement; the row locks it holds until commit keep seqs
     * strictly increasing with several writers. Rows go in id order so that two writers lock in the same order.
     * {@code last_activity_at} never moves back (a writer with an older clock may commit last): the replay skips
     * conversations not active after a reconnecting device's {@code since}. It is never before the database time of
     * the write either, whatever the sender's clock said: a catch-up finds the conversations written since the
     * previous one by that time ({@link DeliveryCursorRepository}).
     */
    private static final String RESERVE_SEQS = """
            insert into conversations as c (id, kind, user_a, user_b, last_seq, last_activity_at)
            select id, kind, user_a, user_b, seqs, greatest(at, now())
                from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[],
                            $6::timestamptz[]) as n(id, kind, user_a, user_b, seqs, at)
            order by 1
            on conflict (id) do update
                set last_seq = c.last_seq + excluded.last_seq,
                    last_activity_at = greatest(c.last_activity_at, excluded.last_activity_at)
            returning id, last_seq
            """;

    private static final String INSERT = """
            insert into messages (%s)
            select * from unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::varchar[], $5::varchar[], $6::varchar[],
                                 $7::varchar[], $8::varchar[], $9::varchar[], $10::text[], $11::timestamptz[])
            """.formatted(COLUMNS);

    /** The stored messages with one of these keys, by key. */
    public Uni<Map<IdempotencyKey, Message>> findByKeys(SqlConnection connection, Collection<IdempotencyKey> keys) {
        Tuple arrays = Tuple.tuple()
                .addArrayOfString(keys.stream().map(IdempotencyKey::senderId).toArray(String[]::new))
                .addArrayOfString(keys.stream().map(IdempotencyKey::key).toArray(String[]::new));
        return connection.preparedQuery(FIND_BY_KEYS).execute(arrays).map(rows -> {
            Map<IdempotencyKey, Message> found = new HashMap<>();
            for (Row row : rows) {
                Message message = toMessage(row);
                found.put(new IdempotencyKey(message.senderId, message.idempotencyKey), message);
            }
            return found;
        });
    }

    /** The last seq taken in each conversation: the reservation's seqs end there. */
    public Uni<Map<String, Long>> reserveSeqs(SqlConnection connection, Collection<SeqReservation> reservations) {
        Tuple arrays = Tuple.tuple()
                .addArrayOfString(reservations.stream().map(SeqReservation::conversationId).toArray(String[]::new))
                .addArrayOfString(reservations.stream().map(r -> r.room() ? "room" : "direct").toArray(String[]::new))
                .addArrayOfString(reservations.stream().map(SeqReservation::userA).toArray(String[]::new))
                .addArrayOfString(reservations.stream().map(SeqReservation::userB).toArray(String[]::new))
                .addArrayOfLong(reservations.stream().map(r -> (long) r.count()).toArray(Long[]::new))
                .addArrayOfOffsetDateTime(reservations.stream().map(r -> utc(r.at())).toArray(OffsetDateTime[]::new));
        return connection.preparedQuery(RESERVE_SEQS).execute(arrays).map(rows -> {
            Map<String, Long> lastSeqs = new HashMap<>();
            for (Row row : rows) {
                lastSeqs.put(row.getString(0), row.getLong(1));
            }
            return lastSeqs;
        });
    }

    public Uni<Void> insert(SqlConnection connection, List<Message> messages) {
        List<Object> arrays = new ArrayList<>();
        arrays.add(messages.stream().map(m -> m.id).toArray(UUID[]::new));
        arrays.add(messages.stream().map(m -> m.conversationId).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.seq).toArray(Long[]::new));
        arrays.add(messages.stream().map(m -> m.senderId).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.receiverId).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.roomId).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.clientMessageId).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.idempotencyKey).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.type.wireName()).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> m.content).toArray(String[]::new));
        arrays.add(messages.stream().map(m -> utc(m.createdAt)).toArray(OffsetDateTime[]::new));
        return connection.preparedQuery(INSERT).execute(Tuple.from(arrays)).replaceWithVoid();
    }

    static Message toMessage(Row row) {
        Message message = new Message();
        message.id = row.getUUID("id");
        message.conversationId = row.getString("conversation_id");
        message.seq = row.getLong("seq");
        message.senderId = row.getString("sender_id");
        message.receiverId = row.getString("receiver_id");
        message.roomId = row.getString("room_id");
        message.clientMessageId = row.getString("client_message_id");
        message.idempotencyKey = row.getString("idempotency_key");
        message.type = MessageType.fromWireName(row.getString("type")).orElseThrow();
        message.content = row.getString("content");
        message.createdAt = row.getOffsetDateTime("created_at").toInstant();
        return message;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
