package io.chatrelay.gateway.rest;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Set;

/**
 * One public origin: {@code /api/**} on the gateway is forwarded, streaming, to the service that owns the
 * path. The owning service authenticates the request itself (the Authorization header goes along).
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    /** Connection-level headers that must not be forwarded (RFC 9110 §7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    private final UpstreamRoutes routes;
    private final HttpClient client;

    public ApiProxy(UpstreamRoutes routes, Vertx vertx) {
        this.routes = routes;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setIdleTimeout(60)
                .setMaxPoolSize(64)
                .setKeepAlive(true));
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(-10).handler(this::forward);
    }

    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        URI upstream = routes.upstreamFor(context.normalizedPath()).orElse(null);
        if (upstream == null) {
            error(context.response(), 404, "not_found", "no such API: " + context.normalizedPath());
            return;
        }
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.getHost())
                .setPort(upstream.getPort())
                .setURI(request.uri())
                .setTimeout(30_000);
        copyHeaders(request.headers(), options);
        options.putHeader("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        client.request(options)
                .compose(upstreamRequest -> upstreamRequest.send(request))
                .onSuccess(response -> relay(response, context.response()))
                .onFailure(failure -> {
                    LOG.warnf("upstream %s failed for %s %s: %s", upstream, request.method(), request.path(),
                            failure.getMessage());
                    request.resume();
                    error(context.response(), 502, "internal", "the service behind " + request.path()
                            + " is unavailable, try again");
                });
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        upstream.pipeTo(response);
    }

    private static void copyHeaders(MultiMap headers, RequestOptions options) {
        headers.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
    }

    private static void error(HttpServerResponse response, int status, String code, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }
}
