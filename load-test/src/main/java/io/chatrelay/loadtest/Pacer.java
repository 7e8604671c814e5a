package io.chatrelay.loadtest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Open-loop sending at a total rate: each event loop sends its share from a 1 ms timer on its own context (the
 * sockets it sends on live there), catching up on whatever is due, never waiting for answers.
 */
final class Pacer {

    interface Sender {
        /** Sends one message from event loop {@code loop}; false if it could not (sender offline). */
        boolean sendOne(int loop, ThreadLocalRandom random);
    }

    private Pacer() {
    }

    /** Sends at {@code rate}/s for at most {@code maxNanos} or until {@code stop}; returns {sent, notSent, nanos}. */
    static long[] run(Net net, double rate, long maxNanos, BooleanSupplier stop, Sender sender) {
        int loops = net.loops.size();
        double perLoop = rate / loops;
        long start = System.nanoTime();
        long[] sent = new long[loops];
        long[] notSent = new long[loops];
        long[] endedAt = new long[loops];
        CountDownLatch done = new CountDownLatch(loops);
        for (int l = 0; l < loops; l++) {
            int loop = l;
            net.loop(l).runOnContext(v -> net.vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                long elapsed = Math.min(now - start, maxNanos);
                boolean finished = elapsed >= maxNanos || stop.getAsBoolean();
                long due = (long) (perLoop * elapsed / 1e9);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (sent[loop] + notSent[loop] < due) {
                    if (sender.sendOne(loop, random)) {
                        sent[loop]++;
                    } else {
                        notSent[loop]++;
                    }
                }
                if (finished) {
                    net.vertx.cancelTimer(timer);
                    endedAt[loop] = now;
                    done.countDown();
                }
            }));
        }
        try {
            if (!done.await(maxNanos / 1_000_000 + 60_000, TimeUnit.MILLISECONDS)) {
                Log.info("pacer: event loops did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long total = 0;
        long missed = 0;
        long end = start;
        for (int l = 0; l < loops; l++) {
            total += sent[l];
            missed += notSent[l];
            end = Math.max(end, endedAt[l]);
        }
        return new long[]{total, missed, end - start};
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
