package io.chatrelay.gateway.session;

import java.util.Arrays;
import java.util.UUID;

/**
 * The ids of the last messages a socket got, to emit each message once. A ring of id halves in two {@code long}
 * arrays, allocated on the first message and grown up to its capacity: an idle socket holds none, a busy one
 * 16 bytes per id (a {@code LinkedHashMap<UUID, …>} of the same size held ~80). Not thread-safe.
 */
final class RecentMessageIds {

    private static final int FIRST_SIZE = 8;

    private final int capacity;
    private long[] high;
    private long[] low;
    private int size;
    private int next;

    RecentMessageIds(int capacity) {
        this.capacity = capacity;
    }

    /** @return true when the id was not among the recent ones (it is now) */
    boolean add(UUID id) {
        long mostSignificant = id.getMostSignificantBits();
        long leastSignificant = id.getLeastSignificantBits();
        for (int i = 0; i < size; i++) {
            if (low[i] == leastSignificant && high[i] == mostSignificant) {
                return false;
            }
        }
        if (high == null) {
            high = new long[Math.min(FIRST_SIZE, capacity)];
            low = new long[high.length];
        } else if (size == high.length && size < capacity) {
            high = Arrays.copyOf(high, Math.min(size * 2, capacity));
            low = Arrays.copyOf(low, high.length);
            next = size; // the ring was filled in order and never wrapped: append after the newest
        }
        high[next] = mostSignificant;
        low[next] = leastSignificant;
        next = (next + 1) % high.length;
        size = Math.min(size + 1, high.length);
        return true;
    }
}
