package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario: in this process, or — when its sockets exceed what one process may open
 * ({@code --per-process}, default 9,900: the open-file hard limit is 20,000) — in several worker processes that
 * meet at barriers ({@code @@AWAIT phase} on their stdout, the phase name back on their stdin) and hand back
 * {@code @@RESULT json}.
 */
final class Coordinator {

    final Options o;
    final Scenario scenario;
    final URI base;
    final Probe.Kind kind;
    final long serverPid;
    final Map<String, JsonObject> samples = new HashMap<>();
    Probe.Cpu cpu;
    /** Null without {@code --disk-probe}. */
    DiskProbe disk;
    int processes = 1;

    Coordinator(Options o, Scenario scenario) {
        this.o = o;
        this.scenario = scenario;
        this.base = URI.create(o.str("url", "http://127.0.0.1:8080"));
        this.kind = Probe.kind(base, o.str("server", "auto"));
        // the process listening on the URL's port is the server; a given pid may be a launcher that has exited
        long listening = Probe.pidListeningOn(base.getPort() > 0 ? base.getPort() : 80);
        long given = o.has("pid") ? Long.parseLong(o.str("pid", "-1"))
                : o.has("pid-file") ? Probe.pidFromFile(o.str("pid-file", "")) : -1;
        this.serverPid = listening > 0 ? listening : given;
    }

    /** The server's memory now, kept as {@code name} (and after a GC as {@code name}AfterGc when --gc). */
    JsonObject sample(String name) {
        JsonObject raw = Probe.memory(serverPid, base, kind, false);
        samples.put(name, raw);
        if (o.flag("gc", true)) {
            samples.put(name + "AfterGc", Probe.memory(serverPid, base, kind, true));
        }
        Log.info("server memory (%s): rss %.1f MB, heap %.1f MB, %d open files", name, raw.getLong("rssBytes") / 1e6,
                raw.getLong("heapBytes") / 1e6, raw.getInteger("openFiles"));
        return raw;
    }

    String cpuSpec() {
        return o.str("cpu", (kind == Probe.Kind.NODE ? "server" : "gateway") + ":" + (base.getPort() > 0 ? base.getPort() : 80));
    }

    JsonObject run() throws Exception {
        long startedNanos = System.nanoTime();
        JsonObject result = new JsonObject()
                .put("scenario", scenario.name())
                .put("tag", o.str("tag", scenario.name()))
                .put("target", o.str("label", kind == Probe.Kind.NODE ? "reference" : "suite"))
                .put("server", new JsonObject().put("kind", kind.name().toLowerCase()).put("url", base.toString()).put("pid", serverPid))
                .put("protocol", o.str("protocol", "socketio"))
                .put("startedAt", java.time.Instant.now().toString())
                .put("loadBefore", Probe.loadAverage());
        int perProcess = o.integer("per-process", 9_900);
        processes = scenario.multiProcess()
                ? o.integer("processes", Math.max(1, (scenario.connections() + perProcess - 1) / perProcess)) : 1;
        Tokens tokens = Tokens.fromOptions(o);
        List<String> all = new ArrayList<>();
        for (int s = 0; s < processes; s++) {
            all.addAll(scenario.users(s, processes));
        }
        tokens.prepare(all);
        try (Net quiesceNet = new Net(o, 1)) {
            result.put("quiesce", Quiesce.await(quiesceNet, tokens, o));
        }
        disk = DiskProbe.start(o);
        long workStartedNanos = System.nanoTime();
        try {
            scenario.before(this);
            List<JsonObject> parts;
            if (processes == 1) {
                try (Net net = new Net(o, 2)) {
                    parts = List.of(scenario.work(net, tokens, 0, 1, phase -> scenario.atPhase(phase, this)));
                }
            } else {
                parts = runWorkers(processes);
            }
            JsonObject finished = scenario.finish(parts, this);
            result.mergeIn(finished);
            if (disk != null) {
                result.put("disk", disk.between(workStartedNanos, System.nanoTime(), o.dbl("p99-limit", 100)));
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
        return result.put("processes", processes)
                .put("sources", o.str("sources", "4"))
                .put("loadAfter", Probe.loadAverage())
                .put("elapsedSeconds", Hist.round((System.nanoTime() - startedNanos) / 1e9))
                .put("options", String.join(" ", o.raw()));
    }

    /** The workers compile as this process was told to (run-benchmarks.sh keeps short bursts on C1: see BENCHMARKS). */
    private static List<String> jitFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-XX:TieredStopAtLevel=") || arg.startsWith("-XX:CICompilerCount="))
                .toList();
    }

    private List<JsonObject> runWorkers(int n) throws IOException, InterruptedException {
        Log.info("starting %d worker processes (%d sockets, at most %d each)", n, scenario.connections(),
                (scenario.connections() + n - 1) / n);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        record Line(int worker, String text) {
        }
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        List<Process> procs = new ArrayList<>();
        List<Writer> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + o.str("worker-heap", "768m"), "-XX:+UseSerialGC"));
            cmd.addAll(jitFlags());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker", scenario.name()));
            cmd.addAll(Options.with(o.raw(), Map.of("shard", Integer.toString(i), "shards", Integer.toString(n),
                    "event-loops", o.str("worker-event-loops", "1"))));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            procs.add(p);
            inputs.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            int worker = i;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(new Line(worker, line));
                    }
                } catch (IOException ignored) {
                    // process ended
                }
                lines.add(new Line(worker, "@@EOF"));
            }, "worker-" + i + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }
        long deadline = System.nanoTime() + o.duration("deadline", Duration.ofMinutes(15)).toNanos();
        Map<Integer, String> awaiting = new HashMap<>();
        JsonObject[] results = new JsonObject[n];
        int done = 0;
        try {
            while (done < n) {
                Line line = lines.poll(1, TimeUnit.SECONDS);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("workers did not finish before the deadline");
                }
                if (line == null) {
                    continue;
                }
                if (line.text().startsWith("@@AWAIT ")) {
                    awaiting.put(line.worker(), line.text().substring(8));
                    if (awaiting.size() == n && awaiting.values().stream().distinct().count() == 1) {
                        String phase = awaiting.get(0);
                        awaiting.clear();
                        scenario.atPhase(phase, this);
                        for (Writer w : inputs) {
                            w.write(phase + "\n");
                            w.flush();
                        }
                    }
                } else if (line.text().startsWith("@@RESULT ")) {
                    results[line.worker()] = new JsonObject(line.text().substring(9));
                    done++;
                } else if (line.text().equals("@@EOF") && results[line.worker()] == null) {
                    throw new IllegalStateException("worker " + line.worker() + " exited without a result");
                } else if (!line.text().equals("@@EOF")) {
                    System.err.println("[worker " + line.worker() + "] " + line.text());
                }
            }
        } finally {
            for (Process p : procs) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        return List.of(results);
    }

    /** Worker side of the barrier: announce the phase on stdout, wait for it on stdin. */
    static final class StdioSync implements Scenario.Sync {
        private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        @Override
        public void await(String phase) {
            synchronized (System.out) {
                System.out.println("@@AWAIT " + phase);
                System.out.flush();
            }
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals(phase)) {
                        return;
                    }
                }
                throw new IllegalStateException("coordinator went away");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
