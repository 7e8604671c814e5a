package io.chatrelay.gateway;

import io.chatrelay.testing.TestSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

/** Operators read connections, commands, errors by code, latencies and Kafka lag on /q/metrics. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void connectionsCommandsAndErrorsByCodeAreExported() {
        try (TestSocket socket = TestSocket.connect(ws, TestTokens.forUser("metrics-" + UUID.randomUUID()))) {
            socket.send("send_direct_message", new JsonObject().put("receiverId", "bob").put("content", ""));
            socket.awaitEvent("message_error");

            given().get("/q/metrics").then().statusCode(200)
                    .body(matchesPattern("(?s).*chat_gateway_connections(\\{[^}]*\\})? [1-9].*"))
                    .body(containsString("chat_gateway_commands_total{event=\"send_direct_message\""))
                    .body(containsString("chat_gateway_errors_total{code=\"validation\""))
                    .body(containsString("chat_gateway_send_latency_seconds_bucket"))
                    .body(containsString("chat_gateway_delivery_latency_seconds_bucket"))
                    .body(containsString("kafka_consumer_fetch_manager_records_lag_max"));
        }
    }
}
