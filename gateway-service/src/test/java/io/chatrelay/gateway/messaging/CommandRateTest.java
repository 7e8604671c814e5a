package io.chatrelay.gateway.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandRateTest {

    private static final long MS = 1_000_000L;

    private final CommandRate rate = new CommandRate(Duration.ofMillis(50), 3);

    @Test
    void aFewCommandsAfterSilenceAreLow() {
        long start = -7_000 * MS;   // System.nanoTime() may be negative
        assertTrue(rate.countAndIsLow(start));
        assertTrue(rate.countAndIsLow(start + 10 * MS));
        assertTrue(rate.countAndIsLow(start + 20 * MS));
    }

    @Test
    void moreThanTheLimitInOneWindowIsNotLowFromTheFirstOneOver() {
        assertTrue(rate.countAndIsLow(0));
        assertTrue(rate.countAndIsLow(MS));
        assertTrue(rate.countAndIsLow(2 * MS));
        assertFalse(rate.countAndIsLow(3 * MS));
        assertFalse(rate.countAndIsLow(4 * MS));
    }

    @Test
    void aBusyWindowKeepsTheNextOneBusyEvenWhileItHasFewCommands() {
        for (int i = 0; i < 5; i++) {
            rate.countAndIsLow(i * MS);
        }
        assertFalse(rate.countAndIsLow(55 * MS), "the previous window had 5 commands");
        assertFalse(rate.countAndIsLow(60 * MS));
    }

    @Test
    void aQuietWindowAfterABusyOneIsLowAgain() {
        for (int i = 0; i < 5; i++) {
            rate.countAndIsLow(i * MS);
        }
        rate.countAndIsLow(55 * MS);   // the next window: 1 command
        assertTrue(rate.countAndIsLow(105 * MS), "the previous window had 1 command");
    }

    @Test
    void silenceOfTwoWindowsForgetsABusyOne() {
        for (int i = 0; i < 5; i++) {
            rate.countAndIsLow(i * MS);
        }
        assertTrue(rate.countAndIsLow(500 * MS));
    }
}
