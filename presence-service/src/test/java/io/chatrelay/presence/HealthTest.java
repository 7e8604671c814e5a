package io.chatrelay.presence;

import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void liveAndReadyWithItsStoreReachable() {
        HealthChecks.awaitReady(); // its Kafka consumers take a moment to be assigned their partitions
        HealthChecks.assertLiveAndReady();
    }

    @Test
    void prometheusMetricsAreExposed() {
        HealthChecks.assertPrometheusMetricsExposed();
    }
}
