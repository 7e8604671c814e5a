package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos stage: a steady direct-message load through the packaged services while one part fails — message-service
 * and a gateway killed with SIGKILL, the Kafka broker, PostgreSQL and Redis restarted, and, with two replicas of each
 * backend service running, one of the two message-service replicas killed for good. For each fault: nothing that
 * was acknowledged is lost, no app is shown a message twice or out of seq order, every send is acknowledged in the
 * end (retried with its clientMessageId), and every acknowledged message is in PostgreSQL. The figures go to
 * {@code target/chaos-report.md} (docs/RELIABILITY.md records a run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final int PAIRS = Integer.getInteger("chaos.pairs", 10);
    private static final int SENDS_PER_SECOND_PER_PAIR = Integer.getInteger("chaos.rate", 5);
    private static final Duration BEFORE_FAULT = Duration.ofSeconds(5);
    private static final Duration AFTER_FAULT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int DOOMED_GATEWAY_PORT = Integer.getInteger("system.chaos-gateway.port", 18097);
    private static final int MESSAGE_REPLICA_PORT = Integer.getInteger("system.chaos-message-replica.port", 18098);
    private static final int PRESENCE_REPLICA_PORT = Integer.getInteger("system.chaos-presence-replica.port", 18099);
    private static final int ROOM_REPLICA_PORT = Integer.getInteger("system.chaos-room-replica.port", 18100);
    private static final String STORED_SEND_RUNS = "chat_message_commands_store_seconds_count{work=\"sends\"}";
    private static final Path REPORT = ServiceProcess.repoRoot().resolve("system-tests/target/chaos-report.md");

    private static RunningSuite suite;
    private static SecondReplicas secondReplicas;

    @BeforeAll
    static void startSuite() throws IOException {
        suite = RunningSuite.shared();
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "%d pairs, %d messages/s each (%d/s in all)%n%n%s%n".formatted(PAIRS,
                SENDS_PER_SECOND_PER_PAIR, PAIRS * SENDS_PER_SECOND_PER_PAIR, ChaosReport.TABLE_HEADER));
    }

    @AfterAll
    static void leaveEverythingRunning() throws Exception {
        if (secondReplicas != null) {
            secondReplicas.close();
        }
        infra("up");
    }

    @Test
    @Order(1)
    void messageServiceKilledWithSigkill() throws Exception {
        runThrough("message-service SIGKILL, restarted", List.of(suite.gatewayWs()), load -> {
            long faultAt = System.currentTimeMillis();
            suite.killAndRestart("message-service");
            return System.currentTimeMillis() - faultAt;
        });
    }

    @Test
    @Order(2)
    void gatewayKilledWithSigkillItsClientsMoveToAnother() throws Exception {
        ServiceProcess doomed = ServiceProcess.start("gateway-service", DOOMED_GATEWAY_PORT)
                .awaitReady(Duration.ofSeconds(120));
        try {
            URI doomedWs = URI.create("ws://localhost:" + DOOMED_GATEWAY_PORT + "/ws");
            runThrough("gateway SIGKILL, clients reconnect elsewhere", List.of(doomedWs, suite.gatewayWs()), load -> {
                long faultAt = System.currentTimeMillis();
                doomed.kill();
                Thread.sleep(AFTER_FAULT.toMillis());
                return load.lastResumedAt() - faultAt;
            });
        } finally {
            doomed.close();
        }
    }

    @Test
    @Order(3)
    void kafkaBrokerRestarted() throws Exception {
        runThrough("Kafka broker restart", List.of(suite.gatewayWs()), restarting("kafka"));
    }

    @Test
    @Order(4)
    void postgresRestarted() throws Exception {
        runThrough("PostgreSQL restart", List.of(suite.gatewayWs()), restarting("postgres"));
    }

    @Test
    @Order(5)
    void redisRestarted() throws Exception {
        runThrough("Redis restart", List.of(suite.gatewayWs()), restarting("redis"));
    }

    @Test
    @Order(6)
    void withTwoReplicasOfEachBackendServiceContactsSeeUsersComeOnlineOnce() {
        secondReplicas();
        List<String> users = IntStream.range(0, 4).mapToObj(i -> "replicas-" + i + "-" + UUID.randomUUID()).toList();
        List<TestSocket> watchers = users.stream().map(user -> {
            String watcher = "watcher-of-" + user;
            TestSocket socket = TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(watcher));
            PresenceIT.becomeContacts(socket, watcher, user);
            return socket;
        }).toList();
        List<TestSocket> userSockets = users.stream()
                .map(user -> TestSocket.connect(suite.gatewayWs(), TestTokens.forUser(user))).toList();
        try {
            for (int i = 0; i < users.size(); i++) {
                assertEquals(users.get(i), watchers.get(i).awaitEvent("user_online").getString("userId"));
                assertEquals(1, watchers.get(i).receivedEvents("user_online").size(), users.get(i) + " came online twice");
            }
        } finally {
            userSockets.forEach(TestSocket::close);
            watchers.forEach(TestSocket::close);
        }
    }

    @Test
    @Order(7)
    void aMessageServiceReplicaKilledWithSigkillHandsItsPartitionsToTheOtherReplica() throws Exception {
        // the gateway's REST calls (replays on resume) go to the suite's replica: the one killed serves only Kafka
        ServiceProcess kept = suite.service("message-service");
        ServiceProcess doomed = secondReplicas().of("message-service");
        double keptBefore = kept.metric(STORED_SEND_RUNS);
        double doomedBefore = doomed.metric(STORED_SEND_RUNS);
        runThrough("message-service replica SIGKILL, not restarted", List.of(suite.gatewayWs()), load -> {
            await("both message-service replicas storing sends").atMost(Duration.ofSeconds(30))
                    .until(() -> kept.metric(STORED_SEND_RUNS) > keptBefore && doomed.metric(STORED_SEND_RUNS) > doomedBefore);
            long killedAt = System.currentTimeMillis();
            doomed.kill();
            await("every conversation storing new sends again").atMost(Duration.ofSeconds(90))
                    .until(() -> load.everyPairAcknowledgedASendMadeSince(killedAt));
            return System.currentTimeMillis() - killedAt;
        });
    }

    private static synchronized SecondReplicas secondReplicas() {
        if (secondReplicas == null) {
            secondReplicas = SecondReplicas.start(MESSAGE_REPLICA_PORT, PRESENCE_REPLICA_PORT, ROOM_REPLICA_PORT);
        }
        return secondReplicas;
    }

    /** A fault injected into running load; returns its recovery time in ms. */
    @FunctionalInterface
    private interface Fault {
        long inject(ChaosLoad load) throws Exception;
    }

    /** Restarts one server; recovery: until the suite is ready again. */
    private static Fault restarting(String server) {
        return load -> {
            long faultAt = System.currentTimeMillis();
            infra("restart", server);
            suite.services().forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
            return System.currentTimeMillis() - faultAt;
        };
    }

    private static void runThrough(String scenario, List<URI> gateways, Fault fault) throws Exception {
        ChaosReport report;
        try (ChaosLoad load = new ChaosLoad(scenario.split(" ")[0].toLowerCase(), PAIRS, gateways)) {
            load.startSending(SENDS_PER_SECOND_PER_PAIR);
            Thread.sleep(BEFORE_FAULT.toMillis());
            long recoveryMillis = fault.inject(load);
            Thread.sleep(AFTER_FAULT.toMillis());
            load.stopSending();
            report = load.settle(scenario, recoveryMillis, SETTLE.toMillis());
        }
        Files.writeString(REPORT, report.tableRow() + System.lineSeparator(), StandardOpenOption.APPEND);
        System.out.println("[chaos] " + report.tableRow());

        assertTrue(report.sent() > 0, "no load ran");
        assertEquals(0, report.lost(), scenario + ": acknowledged and lost");
        assertEquals(0, report.duplicates(), scenario + ": shown twice");
        assertEquals(0, report.outOfOrder(), scenario + ": shown out of seq order");
        assertEquals(0, report.unacknowledged(), scenario + ": sends never acknowledged");
        assertEquals(report.acknowledged(), storedAmong(report.acknowledgedIds()),
                scenario + ": acknowledged but not in PostgreSQL");
    }

    private static int storedAmong(List<String> messageIds) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + Integer.getInteger("pg.port", 5432) + "/message_db",
                "message_svc", "message_svc");
             PreparedStatement query = connection.prepareStatement("select count(*) from messages where id = any(?)")) {
            Array ids = connection.createArrayOf("uuid", messageIds.stream().map(UUID::fromString).toArray());
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void infra(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                ServiceProcess.repoRoot().resolve("deploy/local/infra.sh").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "infra.sh " + String.join(" ", arguments) + " hung");
        assertEquals(0, process.exitValue(), "infra.sh " + String.join(" ", arguments) + " failed");
    }
}
