package io.chatrelay.room;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.chatrelay.testing.HealthChecks.assertAliveButNotReady;

@QuarkusTest
@TestProfile(UnreachableDatabaseTest.DatabaseOnAClosedPort.class)
class UnreachableDatabaseTest {

    public static class DatabaseOnAClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://localhost:1/room_db",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:1/room_db",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @Test
    void readinessIsDownWhileTheDatabaseCannotBeReached() {
        assertAliveButNotReady();
    }
}
