package io.chatrelay.message.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** The members of a room in message-service's replica of memberships (plain SQL: used off any session). */
@ApplicationScoped
public class RoomMemberIds {

    private static final String MEMBERS = "select user_id from room_members where room_id = $1 limit $2";

    private final Pool pool;

    public RoomMemberIds(Pool pool) {
        this.pool = pool;
    }

    /**
     * At most {@code limit} members, in no particular order: a caller that gets {@code limit} back knows the room
     * has at least that many. Empty when the replica does not hold the room (a room always has its owner).
     */
    public Uni<List<String>> upTo(String roomId, int limit) {
        return pool.preparedQuery(MEMBERS).execute(Tuple.of(roomId, limit)).map(rows -> {
            List<String> members = new ArrayList<>();
            for (Row row : rows) {
                members.add(row.getString("user_id"));
            }
            return members;
        });
    }
}
