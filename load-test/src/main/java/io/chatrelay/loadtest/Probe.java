package io.chatrelay.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the generator reads about the server and the machine, from /proc and HTTP: the server's pid (by listening port
 * or a pid file), its VmRSS, its heap (Quarkus {@code /q/metrics} {@code jvm_memory_used_bytes{area="heap"}} summed,
 * or the reference's {@code /stats}), CPU seconds of process trees (a service with its children: PostgreSQL's backends),
 * the load average and the machine's busy CPU.
 */
final class Probe {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private static final double CLOCK_TICKS = 100.0;   // USER_HZ on Linux x86-64

    enum Kind { QUARKUS, NODE }

    private Probe() {
    }

    static Kind kind(URI base, String configured) {
        if (configured.equals("quarkus")) {
            return Kind.QUARKUS;
        }
        if (configured.equals("node")) {
            return Kind.NODE;
        }
        return get(base.resolve("/stats")).map(body -> body.contains("\"memory\"")).orElse(false) ? Kind.NODE : Kind.QUARKUS;
    }

    static java.util.Optional<String> get(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? java.util.Optional.of(r.body()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** The pid of the process listening on TCP {@code port} (from /proc/net/tcp{,6} and /proc/PID/fd), or -1. */
    static long pidListeningOn(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A") && f[1].contains(":")
                            && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // no such table
            }
        }
        if (inodes.isEmpty()) {
            return -1;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return Long.parseLong(name);
                            }
                        } catch (IOException ignored) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException ignored) {
                    // process gone or not ours
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return -1;
    }

    static long pidFromFile(String file) {
        try {
            return Long.parseLong(Files.readString(Path.of(file)).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:") * 1024;
    }

    static long statusField(long pid, String field) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException ignored) {
            // gone
        }
        return -1;
    }

    static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Heap in use: Quarkus' metrics (sum over heap pools) or the reference's process.memoryUsage().heapUsed. */
    static long heapBytes(URI base, Kind kind) {
        if (kind == Kind.NODE) {
            return get(base.resolve("/stats")).map(b -> new JsonObject(b).getJsonObject("memory").getLong("heapUsed")).orElse(-1L);
        }
        return get(base.resolve("/q/metrics")).map(body -> {
            double sum = 0;
            boolean found = false;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? (long) sum : -1L;
        }).orElse(-1L);
    }

    /** A full GC in the server (jcmd GC.run for a JVM, global.gc() for the reference started with --expose-gc). */
    static void gc(long pid, URI base, Kind kind) {
        if (kind == Kind.NODE) {
            get(base.resolve("/stats?gc=1"));
            return;
        }
        if (pid <= 0) {
            return;
        }
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            Log.info("jcmd GC.run failed: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Memory of the server now: rss, heap, open files (after a GC when {@code gcFirst}). */
    static JsonObject memory(long pid, URI base, Kind kind, boolean gcFirst) {
        if (gcFirst) {
            gc(pid, base, kind);
        }
        return new JsonObject().put("rssBytes", rssBytes(pid)).put("heapBytes", heapBytes(base, kind))
                .put("openFiles", openFiles(pid)).put("afterGc", gcFirst);
    }

    static JsonArray loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new JsonArray().add(Double.parseDouble(f[0])).add(Double.parseDouble(f[1])).add(Double.parseDouble(f[2]));
        } catch (IOException e) {
            return new JsonArray();
        }
    }

    /** {busy, total} jiffies of the whole machine (/proc/stat). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{total - idle, total};
        } catch (IOException e) {
            return new long[]{0, 0};
        }
    }

    /**
     * utime+stime of {@code pid} and all its descendants, with the time of the children each has reaped (cutime+cstime),
     * in clock ticks. Without the reaped children a PostgreSQL backend that ended during a run took its CPU out of the
     * sum, which then came out negative (runs AP, AQ).
     */
    static long treeTicks(long root) {
        if (root <= 0) {
            return 0;
        }
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.forEach(proc -> {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    return;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(name);
                    parent.put(pid, Long.parseLong(f[1]));
                    ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]));
                } catch (IOException | RuntimeException ignored) {
                    // gone
                }
            });
        } catch (IOException e) {
            return 0;
        }
        long sum = 0;
        for (Map.Entry<Long, Long> e : ticks.entrySet()) {
            long p = e.getKey();
            for (int depth = 0; p > 1 && depth < 20; depth++) {
                if (p == root) {
                    sum += e.getValue();
                    break;
                }
                Long up = parent.get(p);
                if (up == null) {
                    break;
                }
                p = up;
            }
        }
        return sum;
    }

    /** CPU used by named process trees (found by listening port) between {@link #start()} and {@link #stop}. */
    static final class Cpu {
        private final Map<String, Long> pids = new LinkedHashMap<>();
        private final Map<String, Long> before = new HashMap<>();
        private long[] machineBefore;
        private long ownBefore;
        private long startedNanos;

        /** {@code spec}: {@code name:port,name:port}, e.g. {@code gateway:8080,message:8081,kafka:9092,postgres:5432}. */
        Cpu(String spec) {
            if (spec == null || spec.isBlank()) {
                return;
            }
            for (String part : spec.split(",")) {
                String[] nv = part.split(":");
                long pid = pidListeningOn(Integer.parseInt(nv[1]));
                if (pid > 0) {
                    pids.put(nv[0], pid);
                }
            }
        }

        Cpu start() {
            startedNanos = System.nanoTime();
            pids.forEach((name, pid) -> before.put(name, treeTicks(pid)));
            machineBefore = machineTicks();
            ownBefore = treeTicks(ProcessHandle.current().pid());
            return this;
        }

        /** CPU seconds per component and per message ({@code messages} ≤ 0: no per-message figure). */
        JsonObject stop(long messages) {
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            JsonObject out = new JsonObject().put("windowSeconds", Hist.round(seconds));
            JsonObject components = new JsonObject();
            pids.forEach((name, pid) -> {
                double cpu = (treeTicks(pid) - before.get(name)) / CLOCK_TICKS;
                JsonObject c = new JsonObject().put("pid", pid).put("cpuSeconds", Hist.round(cpu))
                        .put("cores", Hist.round(cpu / seconds));
                if (messages > 0) {
                    c.put("cpuMsPerMessage", Math.round(cpu * 1e6 / messages) / 1000.0);
                }
                components.put(name, c);
            });
            double own = (treeTicks(ProcessHandle.current().pid()) - ownBefore) / CLOCK_TICKS;
            components.put("load-generator", new JsonObject().put("cpuSeconds", Hist.round(own)).put("cores", Hist.round(own / seconds)));
            long[] m = machineTicks();
            double busy = (m[0] - machineBefore[0]) / (double) Math.max(1, m[1] - machineBefore[1]);
            return out.put("components", components).put("machineBusy", Hist.round(busy));
        }

        List<String> names() {
            return new ArrayList<>(pids.keySet());
        }
    }
}
