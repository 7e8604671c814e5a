package io.chatrelay.message;

import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void liveAndReadyWithDatabaseAndKafkaReachable() {
        HealthChecks.assertLiveAndReady();
    }

    @Test
    void prometheusMetricsAreExposed() {
        HealthChecks.assertPrometheusMetricsExposed();
    }
}
