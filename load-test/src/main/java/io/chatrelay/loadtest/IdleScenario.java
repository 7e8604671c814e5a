package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * {@code idle}: N authenticated sockets held (answering heartbeats) for a while; the server's RSS and heap before,
 * once connected and after the hold; bytes per connection.
 */
final class IdleScenario extends Scenario {

    IdleScenario(Options o) {
        super(o);
    }

    @Override
    String name() {
        return "idle";
    }

    int n() {
        return o.integer("connections", 1000);
    }

    @Override
    int connections() {
        return n();
    }

    @Override
    boolean multiProcess() {
        return true;
    }

    @Override
    List<String> users(int shard, int shards) {
        return shardOf(o.str("user-prefix", "lt") + "-idle-", n(), shard, shards);
    }

    @Override
    void before(Coordinator c) {
        c.sample("baseline");
    }

    @Override
    JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) {
        Fleet fleet = new Fleet(net, users(shard, shards), 1, shard * 7);
        JsonObject connect = fleet.connectAll(tokens, o.duration("connect-within", Duration.ofMinutes(3)));
        sync.await("connected");
        long hold = o.duration("hold", Duration.ofSeconds(60)).toMillis();
        long end = System.currentTimeMillis() + hold;
        while (System.currentTimeMillis() < end) {
            Pacer.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
            Log.info("holding: %d sockets authenticated", fleet.authedCount());
        }
        int open = fleet.authedCount();
        long dropped = fleet.conns.stream().filter(c -> c.droppedByServer).count();
        sync.await("held");
        fleet.closeAll();
        Pacer.sleep(500);
        return new JsonObject().put("connect", connect).put("openAfterHold", open).put("droppedByServer", dropped);
    }

    @Override
    void atPhase(String phase, Coordinator c) {
        c.sample(phase);
    }

    @Override
    JsonObject finish(List<JsonObject> parts, Coordinator c) {
        long connected = 0;
        long failed = 0;
        long open = 0;
        long dropped = 0;
        double seconds = 0;
        for (JsonObject p : parts) {
            connected += p.getJsonObject("connect").getLong("connected");
            failed += p.getJsonObject("connect").getLong("failed");
            seconds = Math.max(seconds, p.getJsonObject("connect").getDouble("seconds"));
            open += p.getLong("openAfterHold");
            dropped += p.getLong("droppedByServer");
        }
        JsonObject base = c.samples.get("baseline");
        JsonObject held = c.samples.get("held");
        JsonObject baseGc = c.samples.getOrDefault("baselineAfterGc", base);
        JsonObject heldGc = c.samples.getOrDefault("heldAfterGc", held);
        long perConnRss = open > 0 ? (held.getLong("rssBytes") - base.getLong("rssBytes")) / open : -1;
        long perConnHeap = open > 0 ? (heldGc.getLong("heapBytes") - baseGc.getLong("heapBytes")) / open : -1;
        return new JsonObject()
                .put("connections", n()).put("connected", connected).put("failed", failed)
                .put("connectSeconds", seconds).put("connectPerSecond", Hist.round(connected / Math.max(seconds, 1e-3)))
                .put("holdSeconds", o.duration("hold", Duration.ofSeconds(60)).toSeconds())
                .put("openAfterHold", open).put("droppedByServer", dropped)
                .put("memory", new JsonObject(new java.util.LinkedHashMap<>(c.samples)))
                .put("rssBytesPerConnection", perConnRss)
                .put("heapBytesPerConnection", perConnHeap)
                .put("parts", new io.vertx.core.json.JsonArray(parts));
    }

    @Override
    String summary(JsonObject r) {
        return String.format("idle %s: %d/%d sockets authenticated in %.1f s (%.0f/s), %d still open after %d s, "
                        + "%d dropped by the server%n  server RSS %.1f → %.1f MB: %d bytes/connection; heap after GC %.1f → %.1f MB: %d bytes/connection",
                r.getString("target"), r.getLong("connected"), r.getInteger("connections"), r.getDouble("connectSeconds"),
                r.getDouble("connectPerSecond"), r.getLong("openAfterHold"), r.getLong("holdSeconds"), r.getLong("droppedByServer"),
                mem(r, "baseline", "rssBytes"), mem(r, "held", "rssBytes"), r.getLong("rssBytesPerConnection"),
                mem(r, "baselineAfterGc", "heapBytes"), mem(r, "heldAfterGc", "heapBytes"), r.getLong("heapBytesPerConnection"));
    }

    private static double mem(JsonObject r, String sample, String field) {
        JsonObject s = r.getJsonObject("memory").getJsonObject(sample);
        return s == null ? -1 : s.getLong(field) / 1e6;
    }
}
