package io.chatrelay.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** /api/** on the gateway reaches the owning service unchanged, and its answer comes back unchanged. */
@QuarkusTest
class ApiProxyTest {

    private static Vertx vertx;
    private static HttpServer messageServiceStandIn;

    @BeforeAll
    static void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        messageServiceStandIn = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (request.path().endsWith("/chunked")) {
                        request.response().setChunked(true).putHeader("Content-Type", "application/json");
                        request.response().write("{\"part\":");
                        request.response().end("\"two chunks\"}");
                        return;
                    }
                    request.body().onSuccess(body -> request.response()
                        .setStatusCode(201)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-Upstream", "message-service")
                        .end(new JsonObject()
                                .put("method", request.method().name())
                                .put("uri", request.uri())
                                .put("authorization", request.getHeader("Authorization"))
                                .put("body", body.toString())
                                .encode()));
                })
                .listen(18581).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        messageServiceStandIn.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close();
    }

    @Test
    void aRequestIsForwardedWithMethodPathQueryAuthorizationAndBody() {
        given().header("Authorization", "Bearer abc")
                .contentType("application/json")
                .body("{\"receiverId\":\"bob\"}")
                .post("/api/messages?x=1")
                .then()
                .statusCode(201)
                .header("X-Upstream", "message-service")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/messages?x=1"))
                .body("authorization", equalTo("Bearer abc"))
                .body("body", equalTo("{\"receiverId\":\"bob\"}"));
    }

    @Test
    void deeperPathsOfTheSamePrefixGoToTheSameService() {
        given().get("/api/messages/direct/bob?before=10&limit=5")
                .then().statusCode(201).body("uri", equalTo("/api/messages/direct/bob?before=10&limit=5"));
    }

    @Test
    void aStreamedAnswerReachesTheClientWhole() {
        given().get("/api/messages/chunked").then().statusCode(200).body("part", equalTo("two chunks"));
    }

    @Test
    void aBodyOverTheSizeLimitIs413WithAJsonBodyAndNeverForwarded() {
        given().header("Authorization", "Bearer abc")
                .contentType("application/json")
                .body("{\"content\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")
                .post("/api/messages")
                .then()
                .statusCode(413)
                .body("code", equalTo("validation"));
    }

    @Test
    void anUnknownApiIsA404WithAJsonBody() {
        given().get("/api/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
        given().get("/api/messagesX").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void anUnreachableServiceIsA502WithAJsonBody() {
        given().get("/api/presence?userIds=a").then().statusCode(502).body("code", equalTo("internal"));
    }
}
