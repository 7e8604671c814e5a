package io.chatrelay.gateway.messaging;

import java.time.Duration;

/**
 * Counts commands in fixed windows and tells whether the rate is low: fewer than {@code below} commands in the previous
 * window and, so far, in the current one. A window with no command at all counts as low.
 */
final class CommandRate {

    private final long windowNanos;
    private final int below;
    private boolean counting;
    private long windowStart;
    private int previous;
    private int current;

    CommandRate(Duration window, int below) {
        this.windowNanos = window.toNanos();
        this.below = below;
    }

    /** Counts one command at {@code nowNanos} ({@link System#nanoTime()}); true if the rate was low. */
    synchronized boolean countAndIsLow(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (!counting || elapsed >= 2 * windowNanos) {
            counting = true;
            previous = 0;
            current = 0;
            windowStart = nowNanos;
        } else if (elapsed >= windowNanos) {
            previous = current;
            current = 0;
            windowStart += windowNanos;
        }
        current++;
        return previous < below && current <= below;
    }
}
