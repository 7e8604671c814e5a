package io.chatrelay.gateway.websocket;

import io.chatrelay.gateway.security.TokenVerifier;

import io.chatrelay.gateway.core.CommandDispatcher;
import io.chatrelay.gateway.core.GatewayConfig;
import io.chatrelay.gateway.core.SocketDeadlines;
import io.chatrelay.gateway.protocol.socketio.SocketIoCodec;
import io.chatrelay.gateway.protocol.socketio.SocketIoPacketParser;
import io.chatrelay.gateway.session.SessionRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What every {@link SocketIoConnection} works with; makes one per websocket. */
@ApplicationScoped
class SocketIoConnectionFactory {

    private final SocketIoPacketParser parser;
    private final SocketIoCodec codec;
    private final TokenVerifier authenticator;
    private final SessionRegistry sessions;
    private final CommandDispatcher dispatcher;
    private final Vertx vertx;
    private final SocketDeadlines deadlines;
    private final SocketIoConfig config;
    private final GatewayConfig gatewayConfig;
    private final int maxPayload;

    SocketIoConnectionFactory(SocketIoPacketParser parser, SocketIoCodec codec, TokenVerifier authenticator,
                              SessionRegistry sessions, CommandDispatcher dispatcher, Vertx vertx,
                              SocketDeadlines deadlines, SocketIoConfig config, GatewayConfig gatewayConfig,
                              // the frame limit the server enforces (1009 above it) is the one clients are told;
                              // unset, Vert.x enforces its own default of 262144
                              @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size",
                                      defaultValue = "262144") int maxPayload) {
        this.parser = parser;
        this.codec = codec;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.vertx = vertx;
        this.deadlines = deadlines;
        this.config = config;
        this.gatewayConfig = gatewayConfig;
        this.maxPayload = maxPayload;
    }

    SocketIoConnection create(WebSocketConnection connection) {
        return new SocketIoConnection(connection, this);
    }

    SocketIoPacketParser parser() {
        return parser;
    }

    SocketIoCodec codec() {
        return codec;
    }

    TokenVerifier authenticator() {
        return authenticator;
    }

    SessionRegistry sessions() {
        return sessions;
    }

    CommandDispatcher dispatcher() {
        return dispatcher;
    }

    SocketDeadlines deadlines() {
        return deadlines;
    }

    Vertx vertx() {
        return vertx;
    }

    SocketIoConfig config() {
        return config;
    }

    int maxPendingFrames() {
        return gatewayConfig.maxPendingFrames();
    }

    int maxPayload() {
        return maxPayload;
    }
}
