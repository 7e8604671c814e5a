package io.chatrelay.presence.messaging;

/**
 * How far one assigned partition's records have been applied to a projection in the current Redis epoch.
 * Not thread-safe: {@link ProjectionReplay} guards it.
 */
final class PartitionProgress {

    private enum Phase { UNSETTLED, REPLAYING, REBUILT }

    private Phase phase = Phase.UNSETTLED;
    /** The offset after the last record applied (or the position when assigned, before any). */
    private long nextExpected;
    private long target;
    /** Records fetched before the rewind are still being applied: wait for the replay's first record. */
    private boolean awaitingRestart;

    PartitionProgress(long position) {
        this.nextExpected = position;
    }

    boolean unsettled() {
        return phase == Phase.UNSETTLED;
    }

    /** A new epoch: nothing this replica applied before counts. */
    void unsettle() {
        phase = Phase.UNSETTLED;
    }

    /** Another replica rebuilt it in this epoch already. */
    void rebuilt() {
        phase = Phase.REBUILT;
    }

    /**
     * The consumer was just rewound to {@code beginning}: complete once the record before {@code end} is applied.
     *
     * @param position where the consumer was fetching before the rewind
     * @return true when there is nothing to replay: the partition is rebuilt now
     */
    boolean replayFromStart(long position, long beginning, long end) {
        if (beginning >= end) {
            phase = Phase.REBUILT;
            return true;
        }
        phase = Phase.REPLAYING;
        target = end;
        awaitingRestart = position != nextExpected;
        return false;
    }

    /** @return true when this record completes the replay */
    boolean applied(long offset) {
        boolean wentBack = offset < nextExpected;
        nextExpected = offset + 1;
        if (phase != Phase.REPLAYING || (awaitingRestart && !wentBack)) {
            return false;
        }
        awaitingRestart = false;
        if (offset + 1 < target) {
            return false;
        }
        phase = Phase.REBUILT;
        return true;
    }
}
