package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code dm}: U users ({@code devices} sockets each), direct messages between random pairs at a total rate R for D;
 * achieved rate, end-to-end latency (send → each receiver device's {@code new_direct_message}), errors, loss and
 * duplicates.
 */
final class DmScenario extends Scenario {

    Fleet fleet;
    DmTraffic traffic;
    JsonObject connect;

    DmScenario(Options o) {
        super(o);
    }

    @Override
    String name() {
        return "dm";
    }

    int usersCount() {
        return o.integer("users", 100);
    }

    @Override
    int connections() {
        return usersCount() * o.integer("devices", 1);
    }

    @Override
    List<String> users(int shard, int shards) {
        return shardOf(o.str("user-prefix", "lt") + "-dm-", usersCount(), shard, shards);
    }

    /** Connects the users and wires the accounting (used by {@code ramp} too). */
    void setup(Net net, Tokens tokens) {
        fleet = new Fleet(net, users(0, 1), o.integer("devices", 1), 0);
        connect = fleet.connectAll(tokens, o.duration("connect-within", Duration.ofMinutes(2)));
        traffic = new DmTraffic(fleet, fleet, UUID.randomUUID().toString().substring(0, 8));
    }

    JsonObject runOnce(double rate, Duration duration) {
        return traffic.run(rate, duration, o.duration("drain", Duration.ofSeconds(12)), () -> false, o.dbl("p99-limit", 100));
    }

    @Override
    JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) {
        setup(net, tokens);
        double rate = o.dbl("rate", 100);
        warmUp(net, tokens, rate, this::runOnce);
        sync.await("connected");
        JsonObject run = runOnce(rate, o.duration("duration", Duration.ofSeconds(10)));
        sync.await("done");
        fleet.closeAll();
        return run.put("users", usersCount()).put("devices", fleet.devices).put("connect", connect);
    }

    @Override
    void atPhase(String phase, Coordinator c) {
        if (phase.equals("connected")) {
            c.cpu = new Probe.Cpu(c.cpuSpec()).start();
        }
    }

    @Override
    JsonObject finish(List<JsonObject> parts, Coordinator c) {
        JsonObject run = parts.get(0);
        return run.put("cpu", c.cpu.stop(run.getLong("acked")));
    }

    @Override
    String summary(JsonObject r) {
        return String.format("dm %s/%s: %d users×%d, target %.0f msg/s for %.1f s: sent %d (%.0f/s), acked %d, errors %d %s, "
                        + "unacked %d%n  latency send→receiver: %s%n  lost %d, duplicates %d, unexpected %d → %s",
                r.getString("target"), r.getString("protocol"), r.getInteger("users"), r.getInteger("devices"),
                r.getDouble("targetRate"), r.getDouble("seconds"), r.getLong("sent"), r.getDouble("sentRate"), r.getLong("acked"),
                r.getLong("sendErrors"), r.getJsonObject("errorCodes").encode(), r.getLong("unacked"), ms(r.getJsonObject("latencyMs")),
                r.getLong("lost"), r.getLong("duplicates"), r.getLong("unexpected"), r.getBoolean("clean") ? "CLEAN" : "NOT CLEAN");
    }
}
