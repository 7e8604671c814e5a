package io.chatrelay.presence;

import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void liveAndReadyWithItsStoreReachable() {
        HealthChecks.assertLiveAndReady();
    }

    @Test
    void prometheusMetricsAreExposed() {
        HealthChecks.assertPrometheusMetricsExposed();
    }
}
