package io.chatrelay.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.chatrelay.contracts.routing.DeliveryDirectory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code redis-cli} against the Redis the suite uses: to look at (or break) what the services keep there. */
final class RedisCli {

    private RedisCli() {
    }

    /** Runs one command and returns its output, trimmed. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", System.getProperty("redis.port", "6379")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "redis-cli did not finish");
        return output;
    }

    /** The partitions of the gateways where the delivery directory counts sockets of {@code userId}. */
    static Set<Integer> partitionsReaching(String userId) throws IOException, InterruptedException {
        List<String> entries = run("HGETALL", DeliveryDirectory.userGateways(userId)).lines().toList();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i + 1 < entries.size(); i += 2) {
            String partition = run("GET", DeliveryDirectory.gateway(entries.get(i)));
            if (Long.parseLong(entries.get(i + 1)) > 0 && !partition.isEmpty()) {
                partitions.add(Integer.parseInt(partition));
            }
        }
        return partitions;
    }
}
