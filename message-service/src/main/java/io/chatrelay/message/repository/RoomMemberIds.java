package io.chatrelay.message.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The members of several rooms at once, from message-service's replica of memberships (one statement). */
@ApplicationScoped
public class RoomMemberIds {

    private static final String MEMBERS = "select room_id, user_id from room_members where room_id = any($1)";

    private final Pool pool;

    public RoomMemberIds(Pool pool) {
        this.pool = pool;
    }

    /** Member ids per room; a room the replica does not hold is absent. */
    public Uni<Map<String, List<String>>> of(Collection<String> roomIds) {
        if (roomIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(MEMBERS).execute(Tuple.of(roomIds.toArray(String[]::new))).map(rows -> {
            Map<String, List<String>> members = new HashMap<>();
            for (Row row : rows) {
                members.computeIfAbsent(row.getString("room_id"), room -> new ArrayList<>()).add(row.getString("user_id"));
            }
            return members;
        });
    }
}
