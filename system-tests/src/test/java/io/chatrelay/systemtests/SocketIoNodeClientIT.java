package io.chatrelay.systemtests;

import io.chatrelay.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The npm {@code socket.io-client} 4.8 — the client web and React Native apps use — against the whole suite:
 * {@code src/test/node/socketio-direct-message.mjs} connects Alice and Bob with
 * {@code io(url, {auth: {token}, transports: ["websocket"]})}, sends a direct message with an ack callback and
 * reports, as one JSON line, what each client saw.
 */
class SocketIoNodeClientIT {

    private static final Path NODE_PROJECT = ServiceProcess.repoRoot().resolve("system-tests/src/test/node");
    private static final Path LOGS = ServiceProcess.repoRoot().resolve("system-tests/target/node-logs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    static void startSuiteAndInstallTheClient() throws IOException {
        RunningSuite.shared();
        Files.createDirectories(LOGS);
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/socket.io-client"))) {
            boolean locked = Files.isRegularFile(NODE_PROJECT.resolve("package-lock.json"));
            Run install = run(locked ? List.of("npm", "ci", "--no-audit", "--no-fund")
                    : List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), "npm-install", INSTALL_TIMEOUT);
            assertEquals(0, install.exitCode(), "npm could not install socket.io-client:\n" + install.errors());
        }
    }

    @Test
    void stockSocketIoClientsExchangeADirectMessageAndABadTokenIsRefused() {
        String clientMessageId = "c-" + UUID.randomUUID();
        Run script = run(List.of("node", "socketio-direct-message.mjs"), Map.of(
                "GATEWAY_URL", "http://localhost:" + RunningSuite.GATEWAY_PORT,
                "ALICE_ID", alice,
                "ALICE_TOKEN", TestTokens.forUser(alice),
                "BOB_ID", bob,
                "BOB_TOKEN", TestTokens.forUser(bob),
                "BAD_TOKEN", TestTokens.forgedFor(bob),
                "CLIENT_MESSAGE_ID", clientMessageId,
                "TIMEOUT_MS", Long.toString(SCRIPT_TIMEOUT.minusSeconds(10).toMillis())),
                "socketio-direct-message", SCRIPT_TIMEOUT);

        assertEquals(0, script.exitCode(), "the script failed:\n" + script.output() + "\n" + script.errors());
        JsonObject seen = new JsonObject(script.output().strip().lines().reduce((first, last) -> last).orElseThrow());
        assertNotNull(seen.getJsonObject("connected").getString("alice"), "alice connected");
        assertNotNull(seen.getJsonObject("connected").getString("bob"), "bob connected");

        JsonObject ack = seen.getJsonObject("ack");
        assertTrue(ack.getBoolean("ok"), ack.encode());
        JsonObject stored = ack.getJsonObject("message");
        assertEquals(alice, stored.getString("senderId"));
        assertEquals(bob, stored.getString("receiverId"));
        assertEquals(clientMessageId, stored.getString("clientMessageId"));
        assertEquals("hello from socket.io-client", stored.getString("content"));
        assertEquals(1L, stored.getLong("seq"));

        assertEquals(stored.getString("id"), seen.getJsonObject("newDirectMessage").getString("id"), "bob got it");
        assertEquals("hello from socket.io-client", seen.getJsonObject("newDirectMessage").getString("content"));
        assertEquals(stored.getString("id"), seen.getJsonObject("messageSent").getString("id"), "alice got message_sent");

        JsonObject badToken = seen.getJsonObject("badToken");
        assertFalse(badToken.getBoolean("connected"), badToken.encode());
        assertEquals("unauthorized", badToken.getString("message"));
    }

    private record Run(int exitCode, String output, String errors) {
    }

    /** Runs a command in the Node project, output to files under target/node-logs, killed after {@code timeout}. */
    private static Run run(List<String> command, Map<String, String> environment, String logName, Duration timeout) {
        Path out = LOGS.resolve(logName + ".out");
        Path err = LOGS.resolve(logName + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(NODE_PROJECT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command + " (are node and npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
