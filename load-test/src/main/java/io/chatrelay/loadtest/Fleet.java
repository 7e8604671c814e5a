package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The sockets of a set of users ({@code devices} each), spread over the event loops by user. */
final class Fleet {

    final Net net;
    final List<String> userIds;
    final int devices;
    final List<Conn> conns = new ArrayList<>();
    /** conns of user u: byUser.get(u) (its devices). */
    final List<List<Conn>> byUser = new ArrayList<>();

    Fleet(Net net, List<String> userIds, int devices, int indexOffset) {
        this.net = net;
        this.userIds = userIds;
        this.devices = devices;
        for (int u = 0; u < userIds.size(); u++) {
            List<Conn> mine = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                Conn c = new Conn(indexOffset + conns.size(), u, userIds.get(u), d, net.loop(u), net.proto);
                conns.add(c);
                mine.add(c);
            }
            byUser.add(mine);
        }
    }

    /** Users whose sockets live on event loop {@code loop}. */
    List<Integer> usersOnLoop(int loop) {
        List<Integer> out = new ArrayList<>();
        for (int u = loop; u < userIds.size(); u += net.loops.size()) {
            out.add(u);
        }
        return out;
    }

    void listen(Conn.Listener listener) {
        conns.forEach(c -> c.listener = listener);
    }

    /** Connects every socket (retrying until {@code within} has passed); returns counts and timings. */
    JsonObject connectAll(Tokens tokens, Duration within) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        Hist latency = new Hist();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch latch = new CountDownLatch(conns.size());
        for (Conn c : conns) {
            String token = tokens.of(c.userId);
            long t0 = System.nanoTime();
            net.connect(c, token, deadline).onComplete(ar -> {
                if (ar.succeeded()) {
                    ok.incrementAndGet();
                    latency.recordNanos(System.nanoTime() - t0);
                } else {
                    failed.incrementAndGet();
                }
                latch.countDown();
            });
        }
        long lastLog = System.nanoTime();
        try {
            while (!latch.await(1, TimeUnit.SECONDS)) {
                if (System.nanoTime() - lastLog > 5_000_000_000L) {
                    lastLog = System.nanoTime();
                    Log.info("connecting: %d/%d authenticated, %d failed", ok.get(), conns.size(), failed.get());
                }
                if (System.nanoTime() > deadline + 30_000_000_000L) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Log.info("connected %d/%d sockets in %.1f s (%d failed attempts%s)", ok.get(), conns.size(), seconds,
                net.connectFailures.get(), net.lastConnectFailure == null ? "" : ", last: " + net.lastConnectFailure);
        return new JsonObject().put("wanted", conns.size()).put("connected", ok.get()).put("failed", failed.get())
                .put("failedAttempts", net.connectFailures.get()).put("seconds", Hist.round(seconds))
                .put("perSecond", Hist.round(ok.get() / Math.max(seconds, 1e-3)))
                .put("latencyMs", latency.summary()).put("lastFailure", net.lastConnectFailure);
    }

    int authedCount() {
        int n = 0;
        for (Conn c : conns) {
            if (c.isAuthed()) {
                n++;
            }
        }
        return n;
    }

    /** Closes every socket (on their event loops) and waits a moment for the close frames to go out. */
    void closeAll() {
        net.onEachLoop(loop -> {
            for (Conn c : conns) {
                if (c.ctx == net.loop(loop)) {
                    c.close();
                }
            }
        });
    }
}
