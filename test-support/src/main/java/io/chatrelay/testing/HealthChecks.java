package io.chatrelay.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** What every service promises on /q/health, asserted the same way everywhere. */
public final class HealthChecks {

    private HealthChecks() {
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
