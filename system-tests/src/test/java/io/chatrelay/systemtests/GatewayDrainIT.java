package io.chatrelay.systemtests;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway that is stopped (SIGTERM, as Kubernetes does) tells its clients to reconnect before it goes. */
class GatewayDrainIT {

    private static final int DRAINING_GATEWAY_PORT = 18090;

    @Test
    void everySocketIsToldToReconnectAndClosedWith1012() {
        ServiceProcess gateway = ServiceProcess.start("gateway-service", DRAINING_GATEWAY_PORT)
                .awaitReady(Duration.ofSeconds(180));
        URI ws = URI.create("ws://localhost:" + DRAINING_GATEWAY_PORT + "/ws");
        List<TestSocket> sockets = IntStream.range(0, 20)
                .mapToObj(i -> TestSocket.connect(ws, TestTokens.forUser("drained-" + UUID.randomUUID())))
                .toList();
        try {
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close);

            await().atMost(Duration.ofSeconds(30)).until(() -> sockets.stream().allMatch(s -> s.closeStatus() != null));
            for (TestSocket socket : sockets) {
                assertEquals(1012, socket.closeStatus());
                assertTrue(socket.awaitEvent("reconnect").getLong("retryAfterMs") >= 0);
            }
            stopped.join();
        } finally {
            sockets.forEach(TestSocket::close);
            gateway.close();
        }
    }
}
