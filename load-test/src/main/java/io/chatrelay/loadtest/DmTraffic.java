package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Direct messages between random pairs at a rate, and their accounting: every acknowledged message must reach every
 * device of its receiver exactly once. Messages are told apart by their clientMessageId (made here, unique per run),
 * which the server echoes in the ack and in {@code new_direct_message}; latency is send → each device's
 * {@code new_direct_message}.
 */
final class DmTraffic {

    static final String NEW_DIRECT_MESSAGE = "new_direct_message";

    static final class Rec {
        final long sentNanos;
        final int receiver;
        final boolean receiverOnline;
        final byte[] got;
        volatile int state;          // 0 waiting, 1 acked ok, -1 failed
        volatile long firstGotNanos;
        volatile String errorCode;

        Rec(long sentNanos, int receiver, boolean receiverOnline, int devices) {
            this.sentNanos = sentNanos;
            this.receiver = receiver;
            this.receiverOnline = receiverOnline;
            this.got = new byte[devices];
        }
    }

    private final Fleet senders;
    private final Fleet receivers;
    private final boolean sameFleet;
    private final String runId;
    private final AtomicLong step = new AtomicLong();
    private volatile String prefix = "";
    private final AtomicLong seq = new AtomicLong();
    private volatile Map<String, Rec> recs = new ConcurrentHashMap<>();
    private volatile Hist e2e = new Hist();
    private volatile Hist ackLatency = new Hist();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder misrouted = new LongAdder();

    DmTraffic(Fleet senders, Fleet receivers, String runId) {
        this.senders = senders;
        this.receivers = receivers;
        this.sameFleet = senders == receivers;
        this.runId = runId;
        receivers.listen(this::onEvent);
    }

    private void onEvent(Conn conn, String event, String payload) {
        if (!NEW_DIRECT_MESSAGE.equals(event)) {
            return;
        }
        long now = System.nanoTime();
        conn.seen(Json.field(payload, "conversationId"), Json.longField(payload, "seq"));
        String key = Json.field(payload, "clientMessageId");
        Rec rec = key == null ? null : recs.get(key);
        if (rec == null) {
            unexpected.increment();
            return;
        }
        if (rec.receiver != conn.user) {
            misrouted.increment();
            return;
        }
        int count;
        synchronized (rec) {
            count = ++rec.got[conn.device];
        }
        if (count == 1) {
            if (rec.firstGotNanos == 0) {
                rec.firstGotNanos = now;
            }
            e2e.recordNanos(now - rec.sentNanos);
        } else {
            duplicates.increment();
        }
    }

    private boolean sendOne(int loop, ThreadLocalRandom random, List<List<Integer>> sendersByLoop) {
        List<Integer> mine = sendersByLoop.get(loop);
        if (mine.isEmpty()) {
            return false;
        }
        int sender = mine.get(random.nextInt(mine.size()));
        int receiver;
        do {
            receiver = random.nextInt(receivers.userIds.size());
        } while (sameFleet && receiver == sender && receivers.userIds.size() > 1);
        Conn conn = senders.byUser.get(sender).get(0);
        String key = prefix + seq.incrementAndGet();
        boolean online = false;
        for (Conn c : receivers.byUser.get(receiver)) {
            online |= c.isAuthed();
        }
        Rec rec = new Rec(System.nanoTime(), receiver, online, receivers.devices);
        String data = "{\"receiverId\":" + Json.str(receivers.userIds.get(receiver)) + ",\"content\":\"load " + key
                + "\",\"type\":\"text\",\"clientMessageId\":\"" + key + "\"}";
        recs.put(key, rec);
        Hist acks = ackLatency;
        boolean sent = conn.emit("send_direct_message", data, ack -> {
            if (ack != null && Boolean.TRUE.equals(ack.getValue("ok"))) {
                rec.state = 1;
                acks.recordNanos(System.nanoTime() - rec.sentNanos);
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

    /**
     * Sends at {@code rate}/s for {@code duration} (or until {@code stop}), then waits up to {@code drain} for every
     * ack and delivery; returns the figures of this run.
     */
    JsonObject run(double rate, Duration duration, Duration drain, java.util.function.BooleanSupplier stop, double p99LimitMs) {
        prefix = runId + "s" + step.incrementAndGet() + "-";
        recs = new ConcurrentHashMap<>();
        e2e = new Hist();
        ackLatency = new Hist();
        duplicates.reset();
        unexpected.reset();
        misrouted.reset();
        List<List<Integer>> sendersByLoop = new java.util.ArrayList<>();
        for (int l = 0; l < senders.net.loops.size(); l++) {
            sendersByLoop.add(senders.usersOnLoop(l));
        }
        long[] paced = Pacer.run(senders.net, rate, duration.toNanos(), stop, (loop, random) -> sendOne(loop, random, sendersByLoop));
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
            if (rec.state == 1) {
                synchronized (rec) {
                    for (byte b : rec.got) {
                        if (b == 0) {
                            return false;
                        }
                    }
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
        long lostMessages = 0;
        long lostOffline = 0;
        long offlineDelivered = 0;
        long lastOfflineDelivery = 0;
        Map<String, Integer> codes = new java.util.TreeMap<>();
        for (Rec rec : recs.values()) {
            if (rec.state == 0) {
                unacked++;
            } else if (rec.state < 0) {
                failed++;
                codes.merge(rec.errorCode, 1, Integer::sum);
            }
            int missing = 0;
            synchronized (rec) {
                for (byte b : rec.got) {
                    if (b > 0) {
                        deliveries++;
                    } else {
                        missing++;
                    }
                }
            }
            if (rec.state == 1 && !rec.receiverOnline && missing == 0) {
                offlineDelivered++;
                lastOfflineDelivery = Math.max(lastOfflineDelivery, rec.firstGotNanos);
            }
            if (rec.state == 1 && missing > 0) {
                acked++;
                lost += missing;
                lostMessages++;
                if (!rec.receiverOnline) {
                    lostOffline++;
                }
            } else if (rec.state == 1) {
                acked++;
            }
        }
        JsonObject latency = e2e.summary();
        JsonObject out = new JsonObject()
                .put("targetRate", rate).put("seconds", Hist.round(seconds))
                .put("sent", sent).put("sentRate", Hist.round(sent / Math.max(seconds, 1e-3)))
                .put("acked", acked).put("ackedRate", Hist.round(acked / Math.max(seconds, 1e-3)))
                .put("sendErrors", failed).put("errorCodes", new JsonObject(new java.util.HashMap<>(codes)))
                .put("unacked", unacked).put("notSent", paced[1])
                .put("deliveries", deliveries).put("expectedDeliveries", acked * receivers.devices)
                .put("lost", lost).put("lostMessages", lostMessages).put("lostWhileReceiverOffline", lostOffline)
                .put("deliveredAfterReceiverWasOffline", offlineDelivered).put("lastOfflineDeliveryNanos", lastOfflineDelivery)
                .put("duplicates", duplicates.sum()).put("unexpected", unexpected.sum()).put("misrouted", misrouted.sum())
                .put("latencyMs", latency).put("ackLatencyMs", ackLatency.summary());
        boolean clean = failed == 0 && unacked == 0 && paced[1] == 0 && lost == 0 && duplicates.sum() == 0
                && misrouted.sum() == 0 && sent > 0 && sent >= 0.95 * rate * seconds
                && latency.getDouble("p99", Double.MAX_VALUE) <= p99LimitMs;
        return out.put("clean", clean);
    }
}
