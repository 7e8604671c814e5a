package io.chatrelay.presence;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.chatrelay.testing.HealthChecks.assertAliveButNotReady;

@QuarkusTest
@TestProfile(UnreachableRedisTest.RedisOnAClosedPort.class)
class UnreachableRedisTest {

    public static class RedisOnAClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://localhost:1");
        }
    }

    @Test
    void readinessIsDownWhileRedisCannotBeReached() {
        assertAliveButNotReady();
    }
}
