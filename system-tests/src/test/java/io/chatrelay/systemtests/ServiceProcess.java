package io.chatrelay.systemtests;

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
import java.util.Map;

/**
 * One packaged service started as its own JVM, with the same JVM arguments as the run command
 * ({@code deploy/local/suite.sh props}), on a port of the test's choosing.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** Starts {@code service} on {@code port}; call {@link #awaitReady} before using it. */
    static ServiceProcess start(String service, int port) {
        return start(service, port, List.of());
    }

    /**
     * Starts {@code service} on {@code port} with extra JVM arguments after the usual ones (a later
     * {@code -Dname=value} wins); call {@link #awaitReady} before using it.
     */
    static ServiceProcess start(String service, int port, List<String> extraJvmArguments) {
        Path root = repoRoot();
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first");
        }
        try {
            Path logDir = root.resolve("system-tests/target/service-logs");
            Files.createDirectories(logDir);
            Path log = logDir.resolve(service + "-" + port + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArguments(root, service, port));
            command.addAll(extraJvmArguments);
            command.add("-jar");
            command.add(jar.toString());
            Process process = new ProcessBuilder(command)
                    .directory(root.resolve(service).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(service, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service, e);
        }
    }

    private static List<String> jvmArguments(Path root, String service, int port) throws IOException {
        ProcessBuilder props = new ProcessBuilder("bash", root.resolve("deploy/local/suite.sh").toString(), "props", service)
                .redirectErrorStream(true);
        props.environment().putAll(Map.of(
                "GATEWAY_PORT", Integer.toString(RunningSuite.GATEWAY_PORT),
                "MESSAGE_PORT", Integer.toString(RunningSuite.MESSAGE_PORT),
                "PRESENCE_PORT", Integer.toString(RunningSuite.PRESENCE_PORT),
                "ROOM_PORT", Integer.toString(RunningSuite.ROOM_PORT)));
        props.environment().put(portVariable(service), Integer.toString(port));
        Process process = props.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("suite.sh props " + service + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static String portVariable(String service) {
        return service.substring(0, service.indexOf('-')).toUpperCase() + "_PORT";
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** Where the process writes its stdout and stderr. */
    Path log() {
        return log;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (readyStatus() == 200) {
                return this;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + logTail());
    }

    int readyStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The value of one Prometheus sample on {@code /q/metrics}, named with its labels as the service prints it
     * (e.g. {@code name{label="value"}}); 0 while the service has not printed it yet.
     */
    double metric(String sample) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(line -> line.startsWith(sample + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the metrics of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process without letting it say goodbye (SIGKILL), as a crash or an OOM kill would. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
