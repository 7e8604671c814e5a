package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator. {@code java -jar load-test/target/load-test.jar SCENARIO [--option value]…}; prints a readable
 * summary on stderr and ONE JSON line on stdout (also appended to {@code --out FILE}). See docs/BENCHMARKS.md.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar load-test.jar SCENARIO [options]
              idle             --connections N --hold 60s
              dm               --users U --rate R --duration 60s [--devices 1] [--drain 12s] [--warmup 10s]
              room             --members M --rate R --duration 30s [--senders 10] [--room-setup rest|join] [--log-slow-ack-ms 0]
                               [--warmup 10s] (dm, room: unmeasured traffic at the rate first)
              reconnect-storm  --clients N [--spread 2s] [--probe-rate 50] [--probe-senders 4]
              quiesce          [--quiesce 180s]   (waits until the server answers promptly again)
              ramp             --of dm|room (dm/room options) --start R0 [--factor 2] [--refine 3] [--confirm 1] [--step 10s]
                               [--max-rate 20000] [--p99-limit 100] [--warmup 5s] [--ramp-deadline 10m]
                               [--disk-stall-retries 2] (with --disk-probe: a failed step during a disk stall is redone)
            common: --url http://127.0.0.1:8080  --protocol socketio|ws  --label NAME  --sources 4 (127.0.0.1..4)
                    --event-loops 2  --connect-concurrency 200  --per-process 9900 | --processes P  --worker-heap 768m
                    --pid PID | --pid-file FILE (default: the process listening on the url's port)  --gc true|false
                    --cpu name:port,name:port (CPU accounting per process tree)  --server auto|quarkus|node
                    --key private.pem  --issuer https://chat.local/dev  --token-cache DIR  --out results.jsonl
                    --disk-probe DIR (times a synced 8 KB write every 50 ms on the database's disk: "disk" in the results)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.err.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        if (args[0].equals("worker")) {
            worker(args[1], new Options(Arrays.asList(args).subList(2, args.length)));
            return;
        }
        Options o = new Options(Arrays.asList(args).subList(1, args.length));
        if (args[0].equals("quiesce")) {   // only wait until the server has worked off its backlog
            try (Net net = new Net(o, 1)) {
                System.out.println(Quiesce.await(net, Tokens.fromOptions(o), o).encode());
            }
            System.exit(0);
        }
        Scenario scenario = scenario(args[0], o);
        JsonObject result = new Coordinator(o, scenario).run();
        System.err.println();
        System.err.println(scenario.summary(result));
        String line = result.encode();
        System.out.println(line);
        System.out.flush();
        if (o.has("out")) {
            Path out = Path.of(o.str("out", ""));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    static Scenario scenario(String name, Options o) {
        return switch (name) {
            case "idle" -> new IdleScenario(o);
            case "dm" -> new DmScenario(o);
            case "room" -> new RoomScenario(o);
            case "reconnect-storm", "storm" -> new StormScenario(o);
            case "ramp" -> new RampScenario(o);
            default -> {
                System.err.print("unknown scenario: " + name + "\n" + USAGE);
                System.exit(2);
                yield null;
            }
        };
    }

    private static void worker(String name, Options o) throws Exception {
        int shard = o.integer("shard", 0);
        int shards = o.integer("shards", 1);
        Log.prefix = "[worker " + shard + "/" + shards + "] ";
        Scenario scenario = scenario(name, o);
        JsonObject part;
        try (Net net = new Net(o, 1)) {
            part = scenario.work(net, Tokens.fromOptions(o), shard, shards, new Coordinator.StdioSync());
        }
        synchronized (System.out) {
            System.out.println("@@RESULT " + part.encode());
            System.out.flush();
        }
        System.exit(0);
    }


}
