package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits until the server has worked off what earlier runs left queued (the suite keeps commands in Kafka: a run it
 * could not keep up with leaves a backlog that would delay the next run's messages): rounds of direct messages between
 * 8 probe users (8 conversations, so most partitions) until a whole round is acknowledged within {@code --quiesce-ack}
 * (default 1 s), or the deadline passes. Returns how long that took.
 */
final class Quiesce {

    private Quiesce() {
    }

    static JsonObject await(Net net, Tokens tokens, Options o) {
        Duration within = o.duration("quiesce", Duration.ofSeconds(180));
        if (within.isZero()) {
            return new JsonObject().put("skipped", true);
        }
        long ackLimitMillis = o.duration("quiesce-ack", Duration.ofSeconds(1)).toMillis();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(o.str("user-prefix", "lt") + "-quiesce-" + i);
        }
        tokens.prepare(users);
        Fleet fleet = new Fleet(net, users, 1, 3);
        fleet.connectAll(tokens, Duration.ofSeconds(60));
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        int rounds = 0;
        boolean quiet = false;
        while (System.nanoTime() < deadline) {
            rounds++;
            CountDownLatch acks = new CountDownLatch(users.size());
            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < users.size(); i++) {
                Conn from = fleet.byUser.get(i).get(0);
                String to = users.get((i + 1) % users.size());
                from.ctx.runOnContext(v -> {
                    boolean sent = from.emit("send_direct_message", "{\"receiverId\":" + Json.str(to)
                            + ",\"content\":\"quiesce\",\"type\":\"text\"}", ack -> {
                        if (ack != null && Boolean.TRUE.equals(ack.getValue("ok"))) {
                            ok.incrementAndGet();
                        }
                        acks.countDown();
                    });
                    if (!sent) {
                        acks.countDown();
                    }
                });
            }
            try {
                boolean all = acks.await(ackLimitMillis, TimeUnit.MILLISECONDS);
                if (all && ok.get() == users.size()) {
                    quiet = true;
                    break;
                }
                // not yet: wait for this round's answers (bounded) before the next one, so rounds do not pile up
                acks.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (ok.get() < users.size()) {
                Pacer.sleep(250);   // sockets closed or answers failed: do not spin
                for (Conn c : fleet.conns) {
                    if (!c.isAuthed()) {
                        Conn conn = c;
                        conn.ctx.runOnContext(v -> net.connect(conn, tokens.of(conn.userId), System.nanoTime() + 10_000_000_000L));
                    }
                }
            }
            if (rounds % 5 == 0) {
                Log.info("quiesce: the server is still working off a backlog (%.0f s)", (System.nanoTime() - started) / 1e9);
            }
        }
        fleet.closeAll();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (seconds > 2 || !quiet) {
            Log.info("quiesce: %s after %.1f s (%d rounds)", quiet ? "quiet" : "STILL BUSY", seconds, rounds);
        }
        return new JsonObject().put("quiet", quiet).put("seconds", Hist.round(seconds)).put("rounds", rounds);
    }
}
