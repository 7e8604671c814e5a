package io.chatrelay.gateway.websocket;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * Transport for Socket.IO v4 clients ({@code io(url, {auth: {token}, transports: ["websocket"]})}): Engine.IO 4
 * over a websocket, no polling. Not {@code @Authenticated}: the token comes in the CONNECT packet, after the
 * upgrade (see {@link SocketIoConnection}). Requests that cannot become such a connection are refused before the
 * upgrade by {@link SocketIoHandshakeFilter}. Every callback returns a {@link Uni}, so it runs on the event loop.
 * Concurrent: websockets-next keeps no queue per connection (2 KB each, see docs/BENCHMARKS.md, idle); every
 * callback but a CONNECT's is done when it returns, and {@link SocketIoConnection} holds what comes during one.
 */
@WebSocket(path = SocketIoEndpoint.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class SocketIoEndpoint {

    public static final String PATH = "/socket.io/";

    private static final TypedKey<SocketIoConnection> STATE = new TypedKey<>("chatrelay.socketio.connection");

    @Inject
    SocketIoConnectionFactory connections;

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        SocketIoConnection state = connections.create(connection);
        connection.userData().put(STATE, state);
        state.open();
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    Uni<Void> text(String frame, WebSocketConnection connection) {
        return stateOf(connection).receive(frame);
    }

    @OnBinaryMessage
    Uni<Void> binary(Buffer frame, WebSocketConnection connection) {
        stateOf(connection).receiveBinary();
        return Uni.createFrom().voidItem();
    }

    @OnError
    Uni<Void> error(Throwable failure, WebSocketConnection connection) {
        TransportErrors.closeFor(failure, connection);
        return Uni.createFrom().voidItem();
    }

    @OnClose
    Uni<Void> close(WebSocketConnection connection) {
        SocketIoConnection state = connection.userData().get(STATE);
        if (state != null) {
            state.closed();
        }
        return Uni.createFrom().voidItem();
    }

    private static SocketIoConnection stateOf(WebSocketConnection connection) {
        return connection.userData().get(STATE);
    }
}
