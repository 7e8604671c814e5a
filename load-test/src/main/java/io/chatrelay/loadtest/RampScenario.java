package io.chatrelay.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * {@code ramp --of dm|room}: the same sockets, steps of rising rate ({@code start}, ×{@code factor}) until a step is
 * not clean (p99 over {@code p99-limit} ms, anything lost, duplicated, failed or unacknowledged, or the rate not
 * reached) {@code confirm} + 1 times in a row (default: twice), then {@code refine} bisection steps between the last clean and the first failing rate. Reports the highest
 * clean rate. Every step and the whole ramp are bounded in time. With {@code --disk-probe}, a step that failed while
 * the disk stalled is measured again (see {@link #measured}).
 */
final class RampScenario extends Scenario {

    private final Scenario inner;
    private String cpuSpec = "";
    private DiskProbe disk;
    private Net net;
    private Tokens tokens;

    RampScenario(Options o) {
        super(o);
        inner = o.str("of", "dm").equals("room") ? new RoomScenario(o) : new DmScenario(o);
    }

    @Override
    String name() {
        return "ramp";
    }

    @Override
    int connections() {
        return inner.connections();
    }

    @Override
    List<String> users(int shard, int shards) {
        return inner.users(shard, shards);
    }

    private JsonObject step(double rate, Duration duration) {
        return inner instanceof DmScenario dm ? dm.runOnce(rate, duration) : ((RoomScenario) inner).runOnce(rate, duration);
    }

    @Override
    JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) throws Exception {
        this.net = net;
        this.tokens = tokens;
        JsonObject connect;
        if (inner instanceof DmScenario dm) {
            dm.setup(net, tokens);
            connect = dm.connect;
        } else {
            RoomScenario room = (RoomScenario) inner;
            room.setup(net, tokens);
            connect = room.connect;
        }
        Duration stepDuration = o.duration("step", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + o.duration("ramp-deadline", Duration.ofMinutes(10)).toNanos();
        double rate = o.dbl("start", 100);
        double factor = o.dbl("factor", 2);
        double maxRate = o.dbl("max-rate", 20_000);
        int refine = o.integer("refine", 3);
        long pause = o.duration("pause", Duration.ofSeconds(2)).toMillis();
        warmUp(net, tokens, rate, this::step);
        JsonArray steps = new JsonArray();
        double clean = 0;
        double failing = 0;
        // a rising step that is not clean is measured again (up to `confirm` times) before it ends the rise: one bad
        // window (a JIT burst or GC in fresh processes, work the connecting sockets left) does not decide the ramp
        int confirm = o.integer("confirm", 1);
        while (System.nanoTime() < deadline) {
            JsonObject s = measured(rate, stepDuration, steps);
            for (int again = 0; again < confirm && !s.getBoolean("clean") && System.nanoTime() < deadline; again++) {
                Pacer.sleep(pause);
                s = measured(rate, stepDuration, steps);
            }
            if (s.getBoolean("clean")) {
                clean = rate;
                if (rate >= maxRate) {
                    break;
                }
                rate = Math.min(maxRate, rate * factor);
            } else {
                failing = rate;
                break;
            }
            Pacer.sleep(pause);
        }
        // the first step already failed: step down until one is clean (or the rate is below min-rate)
        double minRate = o.dbl("min-rate", 5);
        while (clean == 0 && failing > 0 && System.nanoTime() < deadline) {
            double lower = Math.floor(failing / factor);
            if (lower < minRate) {
                break;
            }
            Pacer.sleep(pause);
            if (measured(lower, stepDuration, steps).getBoolean("clean")) {
                clean = lower;
            } else {
                failing = lower;
            }
        }
        for (int i = 0; i < refine && failing > 0 && clean > 0 && System.nanoTime() < deadline; i++) {
            Pacer.sleep(pause);
            double mid = Math.round((clean + failing) / 2);
            if (mid <= clean || mid >= failing) {
                break;
            }
            if (measured(mid, stepDuration, steps).getBoolean("clean")) {
                clean = mid;
            } else {
                failing = mid;
            }
        }
        sync.await("done");
        return new JsonObject().put("of", inner.name()).put("highestCleanRate", clean)
                .put("firstFailingRate", failing > 0 ? failing : null).put("steps", steps).put("connect", connect)
                .put("stepSeconds", stepDuration.toMillis() / 1000.0).put("p99LimitMs", o.dbl("p99-limit", 100));
    }

    /**
     * One step at {@code rate}. With a disk probe, a step that is not clean because the disk stalled for longer than
     * the p99 limit is void (kept in the steps, marked {@code voidedByDiskStall}) and measured again, up to
     * {@code disk-stall-retries} times (default 2): both sides commit every message before acknowledging it, so
     * such a step measures the disk, not the server. A step the disk let through decides as before.
     */
    private JsonObject measured(double rate, Duration duration, JsonArray steps) {
        int retries = o.integer("disk-stall-retries", 2);
        JsonObject s = measuredOnce(rate, duration, steps);
        for (int again = 0; again < retries && voidedByDiskStall(s); again++) {
            s.put("voidedByDiskStall", true);
            Log.info("ramp %s step %.0f/s: the disk stalled %s ms during it: measured again", inner.name(), rate,
                    s.getJsonObject("disk").getValue("maxMs"));
            Pacer.sleep(o.duration("pause", Duration.ofSeconds(2)).toMillis());
            s = measuredOnce(rate, duration, steps);
        }
        return s;
    }

    /**
     * Not clean, the disk stalled past the p99 limit, and the stall explains the p99: it is at most the slowest probe
     * write plus the limit (an overloaded server's p99 of seconds is its own).
     */
    private boolean voidedByDiskStall(JsonObject step) {
        JsonObject d = step.getJsonObject("disk");
        Object p99 = step.getJsonObject("latencyMs").getValue("p99");
        return !step.getBoolean("clean") && d != null && d.getInteger("stalls") > 0
                && p99 instanceof Number ms && ms.doubleValue() <= d.getDouble("maxMs") + o.dbl("p99-limit", 100);
    }

    private JsonObject measuredOnce(double rate, Duration duration, JsonArray steps) {
        JsonObject quiesce = steps.isEmpty() ? null : Quiesce.await(net, tokens, o);
        Probe.Cpu cpu = new Probe.Cpu(cpuSpec).start();
        long startedNanos = System.nanoTime();
        JsonObject s = step(rate, duration);
        s.put("cpu", cpu.stop(s.getLong("acked"))).put("quiesceBefore", quiesce);
        if (disk != null) {
            s.put("disk", disk.between(startedNanos, System.nanoTime(), o.dbl("p99-limit", 100)));
        }
        steps.add(s);
        Log.info("ramp %s step %.0f/s: sent %.0f/s, p99 %s ms, lost %d, dup %d, errors %d, unacked %d%s → %s", inner.name(), rate,
                s.getDouble("sentRate"), s.getJsonObject("latencyMs").getValue("p99"), s.getLong("lost"), s.getLong("duplicates"),
                s.getLong("sendErrors"), s.getLong("unacked"),
                disk == null ? "" : ", disk max " + s.getJsonObject("disk").getValue("maxMs") + " ms",
                s.getBoolean("clean") ? "clean" : "NOT clean");
        return s;
    }

    @Override
    void before(Coordinator c) {
        cpuSpec = c.cpuSpec();
        disk = c.disk;
    }

    @Override
    JsonObject finish(List<JsonObject> parts, Coordinator c) {
        return parts.get(0);
    }

    @Override
    String summary(JsonObject r) {
        StringBuilder b = new StringBuilder(String.format("ramp %s %s/%s: highest clean rate %.0f msg/s (first failing: %s)",
                r.getString("of"), r.getString("target"), r.getString("protocol"), r.getDouble("highestCleanRate"),
                r.getValue("firstFailingRate")));
        for (Object o : r.getJsonArray("steps")) {
            JsonObject s = (JsonObject) o;
            b.append(String.format("%n  %6.0f/s: sent %.0f/s  %s  lost %d dup %d err %d unacked %d  %s", s.getDouble("targetRate"),
                    s.getDouble("sentRate"), ms(s.getJsonObject("latencyMs")), s.getLong("lost"), s.getLong("duplicates"),
                    s.getLong("sendErrors"), s.getLong("unacked"), s.getBoolean("voidedByDiskStall", false)
                            ? "void (disk stalled " + s.getJsonObject("disk").getValue("maxMs") + " ms)"
                            : s.getBoolean("clean") ? "clean" : "NOT clean"));
        }
        return b.toString();
    }
}
