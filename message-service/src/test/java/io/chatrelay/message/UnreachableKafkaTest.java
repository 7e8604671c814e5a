package io.chatrelay.message;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.chatrelay.testing.HealthChecks.assertAliveButNotReady;

@QuarkusTest
@TestProfile(UnreachableKafkaTest.KafkaOnAClosedPort.class)
class UnreachableKafkaTest {

    public static class KafkaOnAClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "localhost:1");
        }
    }

    @Test
    void readinessIsDownWhileKafkaCannotBeReachedButTheProcessIsAlive() {
        assertAliveButNotReady();
    }
}
