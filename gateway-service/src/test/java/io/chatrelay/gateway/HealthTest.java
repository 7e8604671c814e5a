package io.chatrelay.gateway;

import io.chatrelay.testing.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void liveAndReadyOnceKafkaIsReachableAndItsDeliveryPartitionIsPositioned() {
        HealthChecks.assertLiveAndReady();
    }

    @Test
    void prometheusMetricsAreExposed() {
        HealthChecks.assertPrometheusMetricsExposed();
    }
}
