package io.chatrelay.gateway;

import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.testing.HealthChecks;
import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static io.chatrelay.gateway.GatewayUnderTest.DELIVERY_PARTITION;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway keeps its part of the delivery directory in the real Redis: the partition it reads, under a key
 * it keeps renewing, and how many sockets each user holds here; after Redis lost it all, it writes it again.
 */
@QuarkusTest
class DeliveryDirectoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "gateway.instance-id")
    String gatewayId;

    @Inject
    RedisDataSource redis;

    private final String alice = "alice-" + UUID.randomUUID();

    @BeforeEach
    void ready() {
        HealthChecks.awaitReady();
    }

    @Test
    void theGatewayAnnouncesThePartitionItReadsUnderAnExpiringKey() {
        await().atMost(WAIT).until(() -> String.valueOf(DELIVERY_PARTITION)
                .equals(redis.value(String.class).get(DeliveryDirectory.gateway(gatewayId))));
        long ttl = redis.key().pttl(DeliveryDirectory.gateway(gatewayId));
        assertEquals(true, ttl > 0 && ttl <= 10_000, "expires unless renewed: " + ttl + " ms left");
    }

    @Test
    void eachUserCountsTheirSocketsHereUntilTheLastCloses() {
        TestSocket phone = TestSocket.connect(ws, TestTokens.forUser(alice));
        TestSocket laptop = TestSocket.connect(ws, TestTokens.forUser(alice));
        await().atMost(WAIT).until(() -> socketsOfAliceHere() == 2);

        phone.close();
        await().atMost(WAIT).until(() -> socketsOfAliceHere() == 1);
        laptop.close();
        await().atMost(WAIT).until(() -> socketsOfAliceHere() == 0);
    }

    @Test
    void afterRedisLostTheDirectoryTheConnectedUsersAreWrittenAgain() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser(alice))) {
            await().atMost(WAIT).until(() -> socketsOfAliceHere() == 1);

            redis.key().del(DeliveryDirectory.gateway(gatewayId), DeliveryDirectory.userGateways(alice));

            await().atMost(WAIT).until(() -> socketsOfAliceHere() == 1
                    && redis.key().exists(DeliveryDirectory.gateway(gatewayId)));
        }
    }

    private long socketsOfAliceHere() {
        Long sockets = redis.hash(Long.class).hget(DeliveryDirectory.userGateways(alice), gatewayId);
        return sockets == null ? 0 : sockets;
    }
}
