package io.chatrelay.gateway.websocket;

import io.chatrelay.gateway.core.CommandDispatcher;
import io.chatrelay.gateway.core.GatewayConfig;
import io.chatrelay.gateway.protocol.FrameException;
import io.chatrelay.gateway.protocol.NativeJsonCodec;
import io.chatrelay.gateway.protocol.Utf8;
import io.chatrelay.gateway.security.TokenClaims;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.gateway.session.SocketWriter;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;

/**
 * Transport for the native JSON protocol. Authentication happens at the upgrade (Authorization header or
 * {@code ?access_token=}); everything after that is the codec's and the core's business. A reconnecting client
 * adds {@code ?resume=true} so that no live event overtakes its replay.
 */
@Authenticated
@WebSocket(path = "/ws")
public class NativeWebSocketEndpoint {

    @Inject
    SecurityIdentity identity;

    @Inject
    NativeJsonCodec codec;

    @Inject
    SessionRegistry sessions;

    @Inject
    CommandDispatcher dispatcher;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @OnOpen
    void open(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String name = token.getClaim("name");
        SocketWriter socket = SocketWriter.of(connection);
        socket.releaseHandshakeHeaders();
        ClientSession session = new ClientSession(socket, codec, token.getSubject(),
                name != null ? name : token.getSubject(), TokenClaims.expiresAt(token), config.maxPendingFrames());
        if (announcesResume(connection.handshakeRequest().query())) {
            session.awaitResume();
            vertx.setTimer(config.resumeTimeout().toMillis(), timer -> session.endAwaitingResume());
        }
        sessions.register(session);
    }

    /** {@code ?resume=true} on the upgrade: a {@code resume} frame follows, hold live events until it. */
    static boolean announcesResume(String query) {
        return query != null && Arrays.asList(query.split("&")).contains("resume=true");
    }

    @OnTextMessage
    void text(String frame, WebSocketConnection connection) {
        ClientSession session = sessions.byConnection(connection.id());
        try {
            dispatcher.submit(session, codec.decode(Utf8.requireWellFormed(frame)));
        } catch (FrameException malformed) {
            dispatcher.rejectFrame(session, malformed.getMessage());
        }
    }

    @OnBinaryMessage
    void binary(Buffer frame, WebSocketConnection connection) {
        dispatcher.rejectFrame(sessions.byConnection(connection.id()), "binary frames are not supported on /ws");
    }

    @OnError
    void error(Throwable failure, WebSocketConnection connection) {
        TransportErrors.closeFor(failure, connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sessions.unregister(connection.id());
    }
}
