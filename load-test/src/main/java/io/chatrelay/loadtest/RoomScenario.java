package io.chatrelay.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code room}: a room of M members (the suite: created over REST {@code POST /api/rooms} on the gateway's origin; the
 * reference: every member {@code join}s it), {@code senders} of them sending at a total rate R; latency until every
 * member got each message.
 */
final class RoomScenario extends Scenario {

    Fleet fleet;
    RoomTraffic traffic;
    JsonObject connect;
    String roomId;

    RoomScenario(Options o) {
        super(o);
    }

    @Override
    String name() {
        return "room";
    }

    int members() {
        return o.integer("members", 100);
    }

    @Override
    int connections() {
        return members();
    }

    @Override
    List<String> users(int shard, int shards) {
        return shardOf(o.str("user-prefix", "lt") + "-room-", members(), shard, shards);
    }

    void setup(Net net, Tokens tokens) throws Exception {
        fleet = new Fleet(net, users(0, 1), 1, 0);
        connect = fleet.connectAll(tokens, o.duration("connect-within", Duration.ofMinutes(2)));
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Probe.Kind kind = Probe.kind(net.base, o.str("server", "auto"));
        String setup = o.str("room-setup", kind == Probe.Kind.NODE ? "join" : "rest");
        roomId = setup.equals("rest") ? createOverRest(net.base, tokens, runId) : joinAll("lt-room-" + runId);
        Log.info("room %s ready (%s) with %d members", roomId, setup, members());
        traffic = new RoomTraffic(fleet, roomId, o.integer("senders", 10), runId, o.dbl("log-slow-ack-ms", 0));
    }

    private String createOverRest(URI base, Tokens tokens, String runId) throws Exception {
        JsonArray others = new JsonArray();
        fleet.userIds.stream().skip(1).forEach(others::add);
        String body = new JsonObject().put("name", "load room " + runId).put("memberIds", others).encode();
        HttpResponse<String> r = Probe.HTTP.send(HttpRequest.newBuilder(base.resolve("/api/rooms"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.of(fleet.userIds.get(0)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /api/rooms answered " + r.statusCode() + ": " + r.body());
        }
        if (!r.body().isBlank()) {
            return new JsonObject(r.body()).getString("id");
        }
        // a 201 without its body (seen through the gateway's /api proxy for large, chunked answers): look the room up
        Log.info("POST /api/rooms answered 201 with an empty body (content-length: %s); finding the room in GET /api/rooms",
                r.headers().firstValue("content-length").orElse("none"));
        HttpResponse<String> mine = Probe.HTTP.send(HttpRequest.newBuilder(base.resolve("/api/rooms"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.of(fleet.userIds.get(0))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (Object room : new JsonArray(mine.body())) {
            if (("load room " + runId).equals(((JsonObject) room).getString("name"))) {
                return ((JsonObject) room).getString("id");
            }
        }
        throw new IllegalStateException("the room created over REST is not in GET /api/rooms: " + mine.statusCode());
    }

    private String joinAll(String id) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(fleet.conns.size());
        AtomicInteger failed = new AtomicInteger();
        for (Conn c : fleet.conns) {
            c.ctx.runOnContext(v -> {
                boolean sent = c.emit("join", "{\"roomId\":" + Json.str(id) + "}", ack -> {
                    if (ack == null || !Boolean.TRUE.equals(ack.getValue("ok"))) {
                        failed.incrementAndGet();
                    }
                    latch.countDown();
                });
                if (!sent) {
                    failed.incrementAndGet();
                    latch.countDown();
                }
            });
        }
        if (!latch.await(60, TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException("members could not join the room: " + failed.get() + " failed");
        }
        return id;
    }

    JsonObject runOnce(double rate, Duration duration) {
        return traffic.run(rate, duration, o.duration("drain", Duration.ofSeconds(12)), o.dbl("p99-limit", 100));
    }

    @Override
    JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) throws Exception {
        setup(net, tokens);
        double rate = o.dbl("rate", 10);
        warmUp(net, tokens, rate, this::runOnce);
        sync.await("connected");
        JsonObject run = runOnce(rate, o.duration("duration", Duration.ofSeconds(10)));
        sync.await("done");
        fleet.closeAll();
        return run.put("connect", connect).put("roomId", roomId);
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
        return String.format("room %s/%s: %d members, %d senders, target %.0f msg/s for %.1f s: sent %d (%.0f/s), acked %d, "
                        + "errors %d %s, unacked %d, %.0f deliveries/s%n  latency send→last member: %s%n  per delivery: %s%n"
                        + "  lost deliveries %d (%d messages incomplete), duplicates %d → %s",
                r.getString("target"), r.getString("protocol"), r.getInteger("members"), r.getInteger("senders"),
                r.getDouble("targetRate"), r.getDouble("seconds"), r.getLong("sent"), r.getDouble("sentRate"), r.getLong("acked"),
                r.getLong("sendErrors"), r.getJsonObject("errorCodes").encode(), r.getLong("unacked"), r.getDouble("deliveriesPerSecond"),
                ms(r.getJsonObject("latencyMs")), ms(r.getJsonObject("perDeliveryLatencyMs")), r.getLong("lost"),
                r.getLong("incompleteMessages"), r.getLong("duplicates"), r.getBoolean("clean") ? "CLEAN" : "NOT CLEAN");
    }
}
