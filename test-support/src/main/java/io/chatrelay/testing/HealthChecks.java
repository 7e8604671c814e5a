package io.chatrelay.testing;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** What every service promises on /q/health, asserted the same way everywhere. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * Waits until the service under test is ready, e.g. until its Kafka consumers are positioned: a test that
     * publishes before that would race the service's start.
     */
    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    public static void assertLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** A dependency is down: the process is fine (no restart), but it must not get traffic. */
    public static void assertAliveButNotReady() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    public static void assertPrometheusMetricsExposed() {
        given().get("/q/metrics").then().statusCode(200);
    }
}
