package io.chatrelay.systemtests;

import java.time.Duration;
import java.util.List;

/**
 * A second replica of message-service, presence-service and room-service beside the suite's, each in the same
 * Kafka consumer groups as the first, so the two share the partitions. The gateway's REST calls still go to the
 * suite's replicas.
 */
final class SecondReplicas implements AutoCloseable {

    private final List<ServiceProcess> replicas;

    private SecondReplicas(List<ServiceProcess> replicas) {
        this.replicas = replicas;
    }

    static SecondReplicas start(int messagePort, int presencePort, int roomPort) {
        SecondReplicas started = new SecondReplicas(List.of(
                ServiceProcess.start("message-service", messagePort),
                ServiceProcess.start("presence-service", presencePort),
                ServiceProcess.start("room-service", roomPort)));
        try {
            started.replicas.forEach(replica -> replica.awaitReady(Duration.ofSeconds(120)));
        } catch (RuntimeException notReady) {
            started.close();
            throw notReady;
        }
        return started;
    }

    ServiceProcess of(String service) {
        return replicas.stream().filter(replica -> replica.name().equals(service)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        replicas.forEach(ServiceProcess::close);
    }
}
