package io.chatrelay.message;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class DatabaseSessionTest {

    @Inject
    Pool pool;

    /** A reconnect storm runs the replay statements thousands of times: planning each call was most of PostgreSQL's CPU. */
    @Test
    void preparedStatementsKeepTheirPlanOnEveryConnection() {
        String mode = pool.query("show plan_cache_mode").execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals("force_generic_plan", mode);
    }
}
