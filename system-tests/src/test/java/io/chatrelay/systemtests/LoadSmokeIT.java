package io.chatrelay.systemtests;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the performance tooling from rotting: a few seconds of every load-test scenario (small N) against the packaged
 * suite AND against the Node reference server ({@code load-test/reference}, started here: npm ci when node_modules is
 * missing, its own database {@code reference_db}). The generator runs as its own process
 * ({@code load-test/target/load-test.jar}, built earlier in the reactor), exactly as {@code load-test/run-benchmarks.sh}
 * runs it; its last stdout line is the JSON result. Correctness is asserted (nothing lost or duplicated, every send
 * acknowledged), never speed: the full runs stay out of CI (docs/BENCHMARKS.md).
 */
class LoadSmokeIT {

    private static final Path ROOT = ServiceProcess.repoRoot();
    private static final Path JAR = ROOT.resolve("load-test/target/load-test.jar");
    private static final Path REFERENCE = ROOT.resolve("load-test/reference");
    private static final Path LOGS = ROOT.resolve("system-tests/target/load-smoke");
    private static final int REFERENCE_PORT = Integer.getInteger("system.reference.port", 18090);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static Process reference;

    @BeforeAll
    static void startSuiteAndReference() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: build the reactor first (mvn -B install -DskipTests)");
        Files.createDirectories(LOGS);
        RunningSuite.shared();
        if (!Files.isDirectory(REFERENCE.resolve("node_modules/socket.io"))) {
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), REFERENCE, "npm-ci", Duration.ofMinutes(5)),
                    "npm ci failed in " + REFERENCE + " (see " + LOGS + "/npm-ci.log)");
        }
        assertEquals(0, run(List.of("bash", REFERENCE.resolve("setup-db.sh").toString()), REFERENCE, "setup-db", Duration.ofMinutes(1)),
                "could not create reference_db (see " + LOGS + "/setup-db.log)");
        ProcessBuilder node = new ProcessBuilder("node", "--expose-gc", "server.js")
                .directory(REFERENCE.toFile()).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve("reference-server.log").toFile());
        node.environment().put("PORT", Integer.toString(REFERENCE_PORT));
        reference = node.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!referenceReady()) {
            assertTrue(reference.isAlive(), "the reference server exited: " + Files.readString(LOGS.resolve("reference-server.log")));
            assertTrue(System.nanoTime() < deadline, "the reference server is not ready on port " + REFERENCE_PORT);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopReference() throws InterruptedException {
        if (reference != null) {
            reference.destroy();
            if (!reference.waitFor(10, TimeUnit.SECONDS)) {
                reference.destroyForcibly();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite", "reference"})
    void directMessagesOverSocketIoArriveExactlyOnce(String target) {
        JsonObject r = generator(target, "dm", "--users", "20", "--rate", "50", "--duration", "3s");
        assertDelivered(r);
        assertEquals("dm", r.getString("scenario"));
        assertTrue(r.getJsonObject("latencyMs").getLong("count") > 0, r.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite"})
    void directMessagesOverNativeWsReachEveryDeviceOnce(String target) {
        JsonObject r = generator(target, "dm", "--protocol", "ws", "--users", "10", "--devices", "2", "--rate", "30", "--duration", "3s");
        assertDelivered(r);
        assertEquals(r.getLong("acked") * 2, r.getLong("expectedDeliveries"), "both devices count: " + r.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite", "reference"})
    void roomMessagesReachEveryMember(String target) {
        JsonObject r = generator(target, "room", "--members", "20", "--senders", "3", "--rate", "10", "--duration", "3s",
                "--warmup", "1s");
        assertDelivered(r);
        assertEquals(30, r.getLong("sent"), "only the measured 3 s count, not the warm-up's messages: " + r.encode());
        assertEquals(r.getLong("acked") * 19, r.getLong("expectedDeliveries"), "every other member counts: " + r.encode());
        assertTrue(r.getJsonObject("latencyMs").getLong("count") > 0, r.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite", "reference"})
    void idleSocketsAreHeldAndTheServerMeasured(String target) {
        JsonObject r = generator(target, "idle", "--connections", "20", "--hold", "2s");
        assertEquals(20, r.getLong("connected"), r.encode());
        assertEquals(20, r.getLong("openAfterHold"), r.encode());
        assertTrue(r.getJsonObject("memory").getJsonObject("held").getLong("rssBytes") > 0, "the server's RSS was read: " + r.encode());
        assertTrue(r.getJsonObject("memory").getJsonObject("held").getLong("heapBytes") > 0, "the server's heap was read: " + r.encode());
        assertNotNull(r.getLong("rssBytesPerConnection"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite", "reference"})
    void aReconnectStormBringsEveryClientBack(String target) {
        JsonObject r = generator(target, "reconnect-storm", "--clients", "20", "--spread", "500ms", "--probe-rate", "20",
                "--probe-senders", "2", "--settle", "500ms");
        assertEquals(20, r.getLong("reconnected"), r.encode());
        assertEquals(0, r.getLong("gaveUp"), r.encode());
        assertNotNull(r.getDouble("allBackSeconds"), r.encode());
        JsonObject probe = r.getJsonObject("probe");
        assertEquals(0, probe.getLong("duplicates"), r.encode());
        assertEquals(0, probe.getLong("sendErrors") + probe.getLong("unacked"), r.encode());
        // no replay-on-reconnect: only messages fanned out while their receiver was away may be missing
        assertEquals(probe.getLong("lostWhileReceiverOffline"), probe.getLong("lostMessages"), r.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"suite", "reference"})
    void aRampFindsACleanRate(String target) {
        // a generous p99 limit: CI machines are busy; this checks the ramp's mechanics, not speed
        JsonObject r = generator(target, "ramp", "--of", "dm", "--users", "10", "--start", "10", "--factor", "2",
                "--max-rate", "20", "--step", "2s", "--refine", "0", "--pause", "200ms", "--p99-limit", "60000",
                "--disk-probe", LOGS.toString());
        assertEquals(20.0, r.getDouble("highestCleanRate"), r.encode());
        assertEquals(2, r.getJsonArray("steps").size(), r.encode());
        // the disk probe timed its synced writes during each step and the whole run
        for (Object step : r.getJsonArray("steps")) {
            assertTrue(((JsonObject) step).getJsonObject("disk").getInteger("writes") > 0, r.encode());
        }
        assertTrue(r.getJsonObject("disk").getInteger("writes") > 0, r.encode());
        assertTrue(r.getJsonObject("disk").getDouble("maxMs") > 0, r.encode());
    }

    private static void assertDelivered(JsonObject r) {
        assertTrue(r.getLong("sent") > 0, r.encode());
        // a smoke run on a busy 2-core machine may see sends refused ("not confirmed in time"): that is an
        // honest answer, not a loss. What must hold: every send was answered, and every acknowledged
        // message arrived exactly once
        assertTrue(r.getLong("acked") > 0, "some sends acknowledged: " + r.encode());
        assertEquals(r.getLong("sent"), r.getLong("acked") + r.getLong("sendErrors"), "every send answered: " + r.encode());
        assertEquals(0, r.getLong("unacked"), r.encode());
        assertEquals(0, r.getLong("lost"), "nothing lost: " + r.encode());
        assertEquals(0, r.getLong("duplicates"), "nothing duplicated: " + r.encode());
        // a send answered "not confirmed in time" may still be stored and delivered (documented), so at least
        assertTrue(r.getLong("deliveries") >= r.getLong("expectedDeliveries"), r.encode());
    }

    /** Runs the generator against the suite's gateway or the reference; returns its JSON line. */
    private static JsonObject generator(String target, String scenario, String... options) {
        int port = target.equals("suite") ? RunningSuite.GATEWAY_PORT : REFERENCE_PORT;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString(), scenario,
                "--url", "http://127.0.0.1:" + port, "--label", target, "--sources", "2", "--user-prefix", "smoke",
                "--token-cache", ROOT.resolve("system-tests/target/load-smoke/tokens").toString()));
        command.addAll(List.of(options));
        String name = target + "-" + scenario + "-" + System.nanoTime();
        Path out = LOGS.resolve(name + ".json");
        Path err = LOGS.resolve(name + ".log");
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(scenario + " against " + target + " did not finish within " + RUN_TIMEOUT + ":\n"
                        + Files.readString(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            assertEquals(0, p.exitValue(), scenario + " against " + target + " failed:\n" + Files.readString(err));
            String last = stdout.lines().reduce((first, second) -> second).orElseThrow(
                    () -> new AssertionError("no JSON line from " + scenario + ":\n" + readQuietly(err)));
            JsonObject result = new JsonObject(last);
            assertEquals(target, result.getString("target"), last);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static boolean referenceReady() {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + REFERENCE_PORT + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(List<String> command, Path dir, String logName, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(logName + ".log").toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }
}
