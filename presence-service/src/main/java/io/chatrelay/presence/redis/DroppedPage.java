package io.chatrelay.presence.redis;

import java.time.Instant;
import java.util.List;

/**
 * One page of a gateway's sessions dropped. {@code nextCursor} is null once the gateway is gone entirely;
 * {@code users} went offline with {@code lastSeen}. {@code alive}: the gateway heartbeated again, nothing dropped.
 */
public record DroppedPage(String nextCursor, Instant lastSeen, List<String> users, boolean alive) {

    static final DroppedPage ALIVE = new DroppedPage(null, null, List.of(), true);

    public boolean finished() {
        return alive || nextCursor == null;
    }
}
