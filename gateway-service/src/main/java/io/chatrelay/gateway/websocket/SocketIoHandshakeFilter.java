package io.chatrelay.gateway.websocket;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * Refuses, before any upgrade, the requests on {@code /socket.io/} that cannot become an Engine.IO 4 websocket:
 * HTTP 400 with the JSON error body Engine.IO servers use ({@code {"code":N,"message":"…"}}), instead of the
 * 404 a non-upgrade request would otherwise get. Valid upgrades go on to {@link SocketIoEndpoint}.
 */
@ApplicationScoped
public class SocketIoHandshakeFilter {

    /** Engine.IO server error codes. */
    static final int UNKNOWN_SESSION_ID = 1;
    static final int BAD_REQUEST = 3;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    /**
     * Before the websocket upgrade route, which Quarkus adds without an order (Vert.x then numbers routes
     * from 0), and after the security filters (negative priorities).
     */
    static final int ROUTE_ORDER = -1;

    private static final String WITHOUT_TRAILING_SLASH = SocketIoEndpoint.PATH.substring(0, SocketIoEndpoint.PATH.length() - 1);

    @RegisterForReflection
    record Refusal(int code, String message) {
        String toJson() {
            return new JsonObject().put("code", code).put("message", message).encode();
        }
    }

    void register(@Observes Router router) {
        router.route(SocketIoEndpoint.PATH).order(ROUTE_ORDER).handler(this::check);
        // engine.io-client's addTrailingSlash: false, or a proxy that strips the slash
        router.route(WITHOUT_TRAILING_SLASH).order(ROUTE_ORDER).handler(SocketIoHandshakeFilter::addTrailingSlash);
    }

    /** Vert.x matches this route for {@code /socket.io/} as well: only the path without the slash is rerouted. */
    private static void addTrailingSlash(RoutingContext context) {
        if (!WITHOUT_TRAILING_SLASH.equals(context.request().path())) {
            context.next();
            return;
        }
        String query = context.request().query();
        context.reroute(SocketIoEndpoint.PATH + (query == null ? "" : "?" + query));
    }

    private void check(RoutingContext context) {
        refusalOf(context.request()).ifPresentOrElse(refusal -> context.response()
                .setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(refusal.toJson()), () -> upgrade(context));
    }

    /**
     * The token comes after the upgrade, so the upgrade's lazily authenticated identity is dropped: websockets-next
     * would otherwise keep it, and with it the whole HTTP request, for the life of the socket (~3 KB each).
     */
    private static void upgrade(RoutingContext context) {
        context.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        context.next();
    }

    static Optional<Refusal> refusalOf(HttpServerRequest request) {
        if (!"4".equals(request.getParam("EIO"))) {
            return Optional.of(new Refusal(UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: only Engine.IO 4 (EIO=4, Socket.IO v3/v4 clients) is supported"));
        }
        if (!"websocket".equals(request.getParam("transport"))) {
            return Optional.of(new Refusal(BAD_REQUEST, "Bad request: only the websocket transport is supported"));
        }
        if (request.getParam("sid") != null) {
            return Optional.of(new Refusal(UNKNOWN_SESSION_ID,
                    "Session ID unknown: connections start as websockets, there is no session to upgrade"));
        }
        if (!isWebSocketUpgrade(request)) {
            return Optional.of(new Refusal(BAD_REQUEST, "Bad request: a websocket upgrade is expected"));
        }
        return Optional.empty();
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
