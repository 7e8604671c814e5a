package io.chatrelay.gateway.rest;

import io.chatrelay.gateway.core.CommandException;
import io.chatrelay.gateway.core.RateLimiter;
import io.chatrelay.gateway.security.TokenVerifier;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Set;

/**
 * One public origin: {@code /api/**} on the gateway is forwarded, streaming, to the service that owns the
 * path. The owning service authenticates the request itself (the Authorization header goes along); the
 * gateway only reads a valid token's user to apply the per-user REST rate limit (429 when over).
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    /** Connection-level headers that must not be forwarded (RFC 9110 §7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    private final UpstreamRoutes routes;
    private final TokenVerifier verifier;
    private final RateLimiter rateLimiter;
    private final HttpClient client;
    private final long maxBodyBytes;

    public ApiProxy(UpstreamRoutes routes, TokenVerifier verifier, RateLimiter rateLimiter, Vertx vertx,
                    @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.routes = routes;
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodySize.asLongValue();
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
        if (declaredLength(request) > maxBodyBytes) {
            // answered here (the body is read and dropped): a service refusing it closes the connection mid-upload,
            // which the client would see as a 502
            error(context.response(), 413, "validation", "the request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        request.pause();
        String token = bearerToken(request);
        if (token == null) {
            send(context, upstream); // the owning service answers 401
            return;
        }
        verifier.authenticate(token)
                .onFailure().recoverWithNull() // an invalid token is the owning service's to refuse
                .chain(user -> user == null ? Uni.createFrom().voidItem() : rateLimiter.acquire(user.userId(), RateLimiter.Kind.REST))
                .subscribe().with(allowed -> send(context, upstream), limited -> {
                    request.resume();
                    if (limited instanceof CommandException refused) {
                        error(context.response(), 429, refused.code().wireName(), refused.getMessage());
                    } else {
                        error(context.response(), 500, "internal", "internal error");
                    }
                });
    }

    private void send(RoutingContext context, URI upstream) {
        HttpServerRequest request = context.request();
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

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec refuses a malformed length before this handler runs
        }
    }

    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
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
        if (upstream.getHeader("Content-Length") == null) {
            response.setChunked(true); // the service streamed its body: stream it on, or the body is lost
        }
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
