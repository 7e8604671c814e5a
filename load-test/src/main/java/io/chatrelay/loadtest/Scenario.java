package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A scenario: {@link #work} runs where the sockets are (in this process, or in each worker process with its shard of
 * the users), {@link #atPhase} runs in the coordinator when every worker reached a barrier, {@link #finish} merges.
 */
abstract class Scenario {

    /** A barrier between the workers and the coordinator. */
    interface Sync {
        void await(String phase);
    }

    final Options o;

    Scenario(Options o) {
        this.o = o;
    }

    abstract String name();

    /** Sockets this scenario opens in total (decides how many processes are needed). */
    abstract int connections();

    /** Whether the sockets may be spread over several processes. */
    boolean multiProcess() {
        return false;
    }

    /** Users of shard {@code shard} of {@code shards} (their tokens are signed before the workers start). */
    abstract List<String> users(int shard, int shards);

    abstract JsonObject work(Net net, Tokens tokens, int shard, int shards, Sync sync) throws Exception;

    /**
     * With {@code --warmup}: sends at {@code rate} for that long, unmeasured, then waits until the server is quiet. The
     * measured window then starts in a steady state, not in the work the connecting users and a new room cause.
     */
    void warmUp(Net net, Tokens tokens, double rate, BiFunction<Double, Duration, JsonObject> run) {
        if (!o.has("warmup")) {
            return;
        }
        Log.info("warm-up at %.0f/s for %s", rate, o.str("warmup", ""));
        run.apply(rate, o.duration("warmup", Duration.ofSeconds(5)));
        Pacer.sleep(o.duration("pause", Duration.ofSeconds(2)).toMillis());
        Quiesce.await(net, tokens, o);
    }

    /** Coordinator side, before the workers start. */
    void before(Coordinator c) {
    }

    void atPhase(String phase, Coordinator c) {
    }

    abstract JsonObject finish(List<JsonObject> parts, Coordinator c);

    /** A few readable lines. */
    abstract String summary(JsonObject result);

    /** Users {@code prefix0..prefix(n-1)} whose index is {@code shard} modulo {@code shards}. */
    static List<String> shardOf(String prefix, int n, int shard, int shards) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = shard; i < n; i += shards) {
            out.add(prefix + i);
        }
        return out;
    }

    static String ms(JsonObject latency) {
        if (latency == null || latency.getLong("count", 0L) == 0) {
            return "no samples";
        }
        return String.format("p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms (n=%d)", latency.getDouble("p50"),
                latency.getDouble("p95"), latency.getDouble("p99"), latency.getDouble("max"), latency.getLong("count"));
    }
}
