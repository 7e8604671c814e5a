package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Room messages from a few senders at a rate; each must reach every other member exactly once. The figure that
 * matters is the time until the LAST member got a message (send → the slowest member's {@code new_room_message}).
 */
final class RoomTraffic {

    static final String NEW_ROOM_MESSAGE = "new_room_message";

    static final class Rec {
        final long sentNanos;
        final int sender;
        final BitSet got = new BitSet();
        int count;
        volatile int state;
        volatile String errorCode;

        Rec(long sentNanos, int sender) {
            this.sentNanos = sentNanos;
            this.sender = sender;
        }
    }

    private final Fleet members;
    private final String roomId;
    private final int senders;
    private final String runId;
    private final double slowAckMs;
    private final AtomicLong step = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private volatile String prefix = "";
    private volatile Map<String, Rec> recs = new ConcurrentHashMap<>();
    private volatile Hist toLast = new Hist();
    private volatile Hist perDelivery = new Hist();
    private volatile Hist ackLatency = new Hist();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();

    /** @param slowAckMs acknowledgements slower than this are logged one by one (0: none), to find when stalls happen */
    RoomTraffic(Fleet members, String roomId, int senders, String runId, double slowAckMs) {
        this.members = members;
        this.roomId = roomId;
        this.senders = Math.max(1, Math.min(senders, members.userIds.size()));
        this.runId = runId;
        this.slowAckMs = slowAckMs;
        members.listen(this::onEvent);
    }

    private int expected() {
        return members.userIds.size() - 1;
    }

    private void onEvent(Conn conn, String event, String payload) {
        if (!NEW_ROOM_MESSAGE.equals(event)) {
            return;
        }
        long now = System.nanoTime();
        String key = Json.field(payload, "clientMessageId");
        Rec rec = key == null ? null : recs.get(key);
        if (rec == null) {
            unexpected.increment();
            return;
        }
        boolean dup;
        boolean last = false;
        synchronized (rec) {
            dup = rec.got.get(conn.user) || conn.user == rec.sender;
            if (!dup) {
                rec.got.set(conn.user);
                last = ++rec.count == expected();
            }
        }
        if (dup) {
            duplicates.increment();
            return;
        }
        perDelivery.recordNanos(now - rec.sentNanos);
        if (last) {
            toLast.recordNanos(now - rec.sentNanos);
        }
    }

    private boolean sendOne(int loop, ThreadLocalRandom random, List<List<Integer>> sendersByLoop) {
        List<Integer> mine = sendersByLoop.get(loop);
        if (mine.isEmpty()) {
            return false;
        }
        int sender = mine.get(random.nextInt(mine.size()));
        Conn conn = members.byUser.get(sender).get(0);
        String key = prefix + seq.incrementAndGet();
        Rec rec = new Rec(System.nanoTime(), sender);
        String data = "{\"roomId\":" + Json.str(roomId) + ",\"content\":\"load " + key
                + "\",\"type\":\"text\",\"clientMessageId\":\"" + key + "\"}";
        recs.put(key, rec);
        Hist acks = ackLatency;
        boolean sent = conn.emit("send_room_message", data, ack -> {
            if (ack != null && Boolean.TRUE.equals(ack.getValue("ok"))) {
                rec.state = 1;
                long ackNanos = System.nanoTime() - rec.sentNanos;
                acks.recordNanos(ackNanos);
                if (slowAckMs > 0 && ackNanos > slowAckMs * 1e6) {
                    Log.info("slow ack: %s acknowledged after %.1f ms", key, ackNanos / 1e6);
                }
            } else {
                rec.errorCode = ack == null ? "socket_closed"
                        : ack.getJsonObject("error", new JsonObject()).getString("code", "unknown");
                rec.state = -1;
            }
        });
        if (!sent) {
            recs.remove(key);
        }
        return sent;
    }

    JsonObject run(double rate, Duration duration, Duration drain, double p99LimitMs) {
        prefix = runId + "s" + step.incrementAndGet() + "-";
        recs = new ConcurrentHashMap<>();
        toLast = new Hist();
        perDelivery = new Hist();
        ackLatency = new Hist();
        duplicates.reset();
        unexpected.reset();
        List<List<Integer>> sendersByLoop = new ArrayList<>();
        for (int l = 0; l < members.net.loops.size(); l++) {
            List<Integer> mine = new ArrayList<>();
            for (int u : members.usersOnLoop(l)) {
                if (u < senders) {
                    mine.add(u);
                }
            }
            sendersByLoop.add(mine);
        }
        long[] paced = Pacer.run(members.net, rate, duration.toNanos(), () -> false,
                (loop, random) -> sendOne(loop, random, sendersByLoop));
        long drainDeadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < drainDeadline && !complete()) {
            Pacer.sleep(50);
        }
        return figures(rate, paced, p99LimitMs);
    }

    private boolean complete() {
        for (Rec rec : recs.values()) {
            if (rec.state == 0) {
                return false;
            }
            synchronized (rec) {
                if (rec.state == 1 && rec.count < expected()) {
                    return false;
                }
            }
        }
        return true;
    }

    private JsonObject figures(double rate, long[] paced, double p99LimitMs) {
        long sent = paced[0];
        double seconds = paced[2] / 1e9;
        long acked = 0;
        long failed = 0;
        long unacked = 0;
        long deliveries = 0;
        long lost = 0;
        long incomplete = 0;
        Map<String, Integer> codes = new java.util.TreeMap<>();
        for (Rec rec : recs.values()) {
            int count;
            synchronized (rec) {
                count = rec.count;
            }
            deliveries += count;
            if (rec.state == 0) {
                unacked++;
            } else if (rec.state < 0) {
                failed++;
                codes.merge(rec.errorCode, 1, Integer::sum);
            } else {
                acked++;
                if (count < expected()) {
                    lost += expected() - count;
                    incomplete++;
                }
            }
        }
        JsonObject latency = toLast.summary();
        JsonObject out = new JsonObject()
                .put("targetRate", rate).put("seconds", Hist.round(seconds)).put("members", members.userIds.size())
                .put("senders", senders)
                .put("sent", sent).put("sentRate", Hist.round(sent / Math.max(seconds, 1e-3)))
                .put("acked", acked).put("ackedRate", Hist.round(acked / Math.max(seconds, 1e-3)))
                .put("sendErrors", failed).put("errorCodes", new JsonObject(new java.util.HashMap<>(codes)))
                .put("unacked", unacked).put("notSent", paced[1])
                .put("deliveries", deliveries).put("expectedDeliveries", acked * expected())
                .put("deliveriesPerSecond", Hist.round(deliveries / Math.max(seconds, 1e-3)))
                .put("lost", lost).put("incompleteMessages", incomplete)
                .put("duplicates", duplicates.sum()).put("unexpected", unexpected.sum())
                .put("latencyMs", latency).put("perDeliveryLatencyMs", perDelivery.summary())
                .put("ackLatencyMs", ackLatency.summary());
        boolean clean = failed == 0 && unacked == 0 && paced[1] == 0 && lost == 0 && duplicates.sum() == 0
                && sent > 0 && sent >= 0.95 * rate * seconds
                && latency.getDouble("p99", Double.MAX_VALUE) <= p99LimitMs;
        return out.put("clean", clean);
    }
}
