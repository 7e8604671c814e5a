package io.chatrelay.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reconnect-storm}: N connected clients all drop at once and reconnect within {@code spread} (each after a
 * random delay, as socket.io-client's randomized reconnection does); the time until all are authenticated again.
 * Meanwhile a few steady senders send direct messages to them at {@code probe-rate}. Against the suite a reconnecting
 * client asks for what it missed ({@code resume}: its last seq per conversation and a {@code since}); the time until
 * every client is back AND has every acknowledged message is "caught up". The reference has no replay: a message
 * fanned out while its receiver was away is lost there.
 */
final class StormScenario extends Scenario {

    StormScenario(Options o) {
        super(o);
    }

    @Override
    String name() {
        return "reconnect-storm";
    }

    int clients() {
        return o.integer("clients", 1000);
    }

    int probeSenders() {
        return o.integer("probe-senders", 4);
    }

    @Override
    int connections() {
        return clients() + probeSenders();
    }

    @Override
    boolean multiProcess() {
        return true;
    }

    @Override
    List<String> users(int shard, int shards) {
        List<String> out = new ArrayList<>(stormUsers(shard, shards));
        out.addAll(senderUsers(shard));
        return out;
    }

    private List<String> stormUsers(int shard, int shards) {
        return shardOf(o.str("user-prefix", "lt") + "-storm-", clients(), shard, shards);
    }

    private List<String> senderUsers(int shard) {
        return shardOf(o.str("user-prefix", "lt") + "-stormsend-" + shard + "-", probeSenders(), 0, 1);
    }

    @Override
    JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) {
        Fleet storm = new Fleet(net, stormUsers(shard, shards), 1, shard * 7);
        // replay-on-reconnect: the suite's `resume` (CONNECT auth on Socket.IO, a command on /ws); the reference has none
        boolean resume = o.flag("resume", Probe.kind(net.base, o.str("server", "auto")) == Probe.Kind.QUARKUS);
        String since = java.time.Instant.now().minusSeconds(5).toString();
        for (Conn c : storm.conns) {
            c.resumeSince = since;
        }
        Fleet senders = new Fleet(net, senderUsers(shard), 1, shard * 7 + storm.conns.size());
        JsonObject connect = storm.connectAll(tokens, o.duration("connect-within", Duration.ofMinutes(3)));
        senders.connectAll(tokens, Duration.ofSeconds(60));
        DmTraffic probe = new DmTraffic(senders, storm, UUID.randomUUID().toString().substring(0, 8));
        sync.await("connected");
        Pacer.sleep(o.duration("settle", Duration.ofSeconds(3)).toMillis());
        sync.await("drop");

        long spreadMillis = o.duration("spread", Duration.ofSeconds(2)).toMillis();
        long deadlineNanos = System.nanoTime() + o.duration("deadline-reconnect", Duration.ofSeconds(60)).toNanos();
        Hist back = new Hist();
        AtomicInteger remaining = new AtomicInteger(storm.conns.size());
        AtomicInteger gaveUp = new AtomicInteger();
        AtomicLong lastBack = new AtomicLong();
        for (Conn c : storm.conns) {
            c.resumeOnConnect = resume;   // only reconnects resume
        }
        long drop = System.nanoTime();
        long attemptsBefore = net.connectFailures.get();
        for (Conn c : storm.conns) {
            c.ctx.runOnContext(v -> {
                c.close();
                long delay = spreadMillis > 0 ? ThreadLocalRandom.current().nextLong(spreadMillis) + 1 : 1;
                net.vertx.setTimer(delay, t -> c.ctx.runOnContext(w -> net.connect(c, tokens.of(c.userId), deadlineNanos)
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                long now = System.nanoTime();
                                back.recordNanos(now - drop);
                                lastBack.accumulateAndGet(now, Math::max);
                            } else {
                                gaveUp.incrementAndGet();
                            }
                            remaining.decrementAndGet();
                        })));
            });
        }
        // the probe runs in the background from the drop until everyone is back (+1 s)
        AtomicLong stopProbeAt = new AtomicLong(Long.MAX_VALUE);
        JsonObject[] probeResult = new JsonObject[1];
        Thread prober = new Thread(() -> probeResult[0] = probe.run(o.dbl("probe-rate", 50) / shards,
                Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())), Duration.ofSeconds(5),
                () -> System.nanoTime() > stopProbeAt.get(), Double.MAX_VALUE), "probe");
        prober.start();
        long lastLog = System.nanoTime();
        while (remaining.get() > 0 && System.nanoTime() < deadlineNanos + 5_000_000_000L) {
            Pacer.sleep(20);
            if (System.nanoTime() - lastLog > 2_000_000_000L) {
                lastLog = System.nanoTime();
                Log.info("reconnecting: %d/%d back", storm.conns.size() - remaining.get(), storm.conns.size());
            }
        }
        stopProbeAt.set(System.nanoTime() + 1_000_000_000L);
        try {
            prober.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int backCount = storm.conns.size() - remaining.get() - gaveUp.get();
        JsonObject pr = probeResult[0];
        Double caughtUp = null;
        if (pr != null && pr.getLong("lost") == 0 && remaining.get() == 0 && gaveUp.get() == 0) {
            long last = Math.max(lastBack.get(), pr.getLong("lastOfflineDeliveryNanos", 0L));
            caughtUp = Hist.round((last - drop) / 1e9);
        }
        sync.await("done");
        storm.closeAll();
        senders.closeAll();
        Pacer.sleep(300);
        return new JsonObject().put("clients", storm.conns.size()).put("connect", connect)
                .put("reconnected", backCount).put("gaveUp", gaveUp.get() + remaining.get())
                .put("failedAttempts", net.connectFailures.get() - attemptsBefore)
                .put("allBackSeconds", remaining.get() == 0 && gaveUp.get() == 0 ? Hist.round((lastBack.get() - drop) / 1e9) : null)
                .put("lastBackSeconds", lastBack.get() > 0 ? Hist.round((lastBack.get() - drop) / 1e9) : null)
                .put("caughtUpSeconds", caughtUp).put("resume", resume)
                .put("backHist", back.encode())
                .put("probe", probeResult[0]);
    }

    @Override
    void atPhase(String phase, Coordinator c) {
        if (phase.equals("drop")) {
            c.cpu = new Probe.Cpu(c.cpuSpec()).start();
        } else if (phase.equals("done") && c.cpu != null) {
            c.samples.put("cpu", c.cpu.stop(0));
        }
    }

    @Override
    JsonObject finish(List<JsonObject> parts, Coordinator c) {
        long clients = 0;
        long reconnected = 0;
        long gaveUp = 0;
        long failedAttempts = 0;
        Double allBack = 0.0;
        Double caughtUp = 0.0;
        boolean resume = false;
        double lastBack = 0;
        Hist back = new Hist();
        JsonObject probe = new JsonObject();
        for (JsonObject p : parts) {
            clients += p.getLong("clients");
            reconnected += p.getLong("reconnected");
            gaveUp += p.getLong("gaveUp");
            failedAttempts += p.getLong("failedAttempts");
            Double a = p.getDouble("allBackSeconds");
            allBack = a == null || allBack == null ? null : Math.max(allBack, a);
            lastBack = Math.max(lastBack, p.getDouble("lastBackSeconds", 0.0));
            Double cu = p.getDouble("caughtUpSeconds");
            caughtUp = cu == null || caughtUp == null ? null : Math.max(caughtUp, cu);
            resume |= p.getBoolean("resume", false);
            back.add(Hist.decode(p.getString("backHist")));
            p.remove("backHist");
            JsonObject pr = p.getJsonObject("probe");
            for (String f : List.of("sent", "acked", "sendErrors", "unacked", "deliveries", "lost", "lostMessages",
                    "lostWhileReceiverOffline", "deliveredAfterReceiverWasOffline", "duplicates", "unexpected")) {
                probe.put(f, probe.getLong(f, 0L) + pr.getLong(f, 0L));
            }
        }
        return new JsonObject().put("clients", clients).put("reconnected", reconnected).put("gaveUp", gaveUp)
                .put("failedAttempts", failedAttempts).put("spreadSeconds", o.duration("spread", Duration.ofSeconds(2)).toMillis() / 1000.0)
                .put("allBackSeconds", allBack).put("lastBackSeconds", Hist.round(lastBack))
                .put("reconnectMs", back.summary())
                .put("probeRate", o.dbl("probe-rate", 50)).put("probe", probe)
                .put("resume", resume).put("caughtUpSeconds", caughtUp)
                .put("cpu", c.samples.get("cpu"))
                .put("parts", new JsonArray(parts));
    }

    @Override
    String summary(JsonObject r) {
        JsonObject p = r.getJsonObject("probe");
        return String.format("reconnect-storm %s/%s: %d clients dropped, reconnect spread %.1f s: %d back, %d gave up, all back after %s s "
                        + "(%d failed attempts)%n  drop→authenticated: %s%n  probe DMs during the storm: sent %d, acked %d, "
                        + "delivered %d (%d of them sent while the receiver was away), lost %d (receiver offline at send: %d), "
                        + "duplicates %d%n  resume on reconnect: %s; every client back and caught up after %s s",
                r.getString("target"), r.getString("protocol"), r.getLong("clients"), r.getDouble("spreadSeconds"),
                r.getLong("reconnected"), r.getLong("gaveUp"), r.getValue("allBackSeconds"), r.getLong("failedAttempts"),
                ms(r.getJsonObject("reconnectMs")), p.getLong("sent"), p.getLong("acked"), p.getLong("deliveries"),
                p.getLong("deliveredAfterReceiverWasOffline"), p.getLong("lost"), p.getLong("lostWhileReceiverOffline"),
                p.getLong("duplicates"), r.getBoolean("resume") ? "yes" : "no (the server has no replay)", r.getValue("caughtUpSeconds"));
    }
}
