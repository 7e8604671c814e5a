package io.chatrelay.gateway.websocket;

import io.chatrelay.gateway.security.TokenVerifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.gateway.core.CommandDispatcher;
import io.chatrelay.gateway.core.CommandException;
import io.chatrelay.gateway.core.ErrorCode;
import io.chatrelay.gateway.core.Replies;
import io.chatrelay.gateway.core.ResumeHandler;
import io.chatrelay.gateway.protocol.FrameException;
import io.chatrelay.gateway.protocol.InboundCommand;
import io.chatrelay.gateway.protocol.Utf8;
import io.chatrelay.gateway.protocol.socketio.EngineIoFrame;
import io.chatrelay.gateway.protocol.socketio.EngineIoHandshake;
import io.chatrelay.gateway.protocol.socketio.SocketIoCodec;
import io.chatrelay.gateway.protocol.socketio.SocketIoPacket;
import io.chatrelay.gateway.protocol.socketio.SocketIoPacketParser;
import io.chatrelay.gateway.protocol.socketio.SocketIoPacketType;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.gateway.session.SocketWriter;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One connection on {@code /socket.io/}: the Engine.IO heartbeat and the Socket.IO state machine
 * (awaiting CONNECT → connecting → connected → closed). Frames are translated by the codec; commands go to the
 * same {@link CommandDispatcher} as on {@code /ws}. websockets-next calls it serially on the connection's event
 * loop, where its timers and the token check complete as well, so it needs no locking.
 */
final class SocketIoConnection {

    /** RFC 6455 normal closure: the client sent DISCONNECT ({@code 41}) or an Engine.IO CLOSE ({@code 1}). */
    static final int CLOSE_NORMAL = 1000;
    /** RFC 6455 policy violation: no pong within the ping timeout, or no CONNECT within the connect timeout. */
    static final int CLOSE_POLICY_VIOLATION = 1008;

    static final String UNAUTHORIZED = "unauthorized";
    static final String INVALID_NAMESPACE = "Invalid namespace";

    private static final Logger LOG = Logger.getLogger(SocketIoConnection.class);
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();
    private static final int MAX_ATTACHMENTS_TO_DISCARD = 1000;
    /** Packets a client may send after its CONNECT before the answer (the stock client sends none). */
    static final int MAX_PACKETS_WHILE_CONNECTING = 16;

    private enum State { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    private final WebSocketConnection connection;
    private final SocketWriter socket;
    private final SocketIoPacketParser parser;
    private final SocketIoCodec codec;
    private final TokenVerifier authenticator;
    private final SessionRegistry sessions;
    private final CommandDispatcher dispatcher;
    private final int maxPendingFrames;
    private final int maxPayload;
    private final EngineIoHeartbeat heartbeat;
    private final Vertx vertx;
    private final SocketIoConfig config;
    private State state = State.AWAITING_CONNECT;
    private ClientSession session;
    private long connectDeadline = -1;
    private int attachmentsToDiscard;
    /** What came while the CONNECT's token was checked (frames are not queued for us: the endpoint is concurrent). */
    private List<SocketIoPacket> heldWhileConnecting;

    SocketIoConnection(WebSocketConnection connection, SocketIoConnectionFactory services) {
        this.connection = connection;
        this.socket = SocketWriter.of(connection);
        socket.releaseHandshakeHeaders();
        this.parser = services.parser();
        this.codec = services.codec();
        this.authenticator = services.authenticator();
        this.sessions = services.sessions();
        this.dispatcher = services.dispatcher();
        this.maxPendingFrames = services.maxPendingFrames();
        this.maxPayload = services.maxPayload();
        this.vertx = services.vertx();
        this.config = services.config();
        this.heartbeat = new EngineIoHeartbeat(services.deadlines(), socket, config.pingInterval(), config.pingTimeout(),
                () -> sendRaw(codec.encodePing()),
                () -> close(CLOSE_POLICY_VIOLATION, "ping timeout"));
    }

    /** Sends the Engine.IO handshake and starts the clocks: heartbeat, and the deadline to connect. */
    void open() {
        sendRaw(codec.encodeOpen(new EngineIoHandshake(connection.id(), config.pingInterval().toMillis(),
                config.pingTimeout().toMillis(), maxPayload)));
        heartbeat.start();
        connectDeadline = vertx.setTimer(Math.max(1, config.connectTimeout().toMillis()), ignored -> {
            if (state == State.AWAITING_CONNECT) {
                close(CLOSE_POLICY_VIOLATION, "connect timeout");
            }
        });
    }

    /** @return completes once the frame is handled; a command's answer may come later */
    Uni<Void> receive(String frame) {
        if (state == State.CLOSED) {
            return DONE;
        }
        EngineIoFrame parsed;
        try {
            // the same UTF-8 rule as /ws: a leniently decoded frame must not reach a command
            parsed = parser.parse(Utf8.requireWellFormed(frame));
        } catch (FrameException malformed) {
            refuse(malformed.getMessage(), null);
            return DONE;
        }
        switch (parsed.type()) {
            case PONG -> heartbeat.pongReceived();
            case PING -> sendRaw(codec.encodePong(parsed.data()));
            case CLOSE -> close(CLOSE_NORMAL, "client closed the connection");
            case MESSAGE -> {
                return receive(parsed.packet());
            }
            default -> refuse("Engine.IO " + parsed.type().name().toLowerCase() + " packets are not supported:"
                    + " this server speaks Engine.IO 4 over a websocket only, without upgrades", null);
        }
        return DONE;
    }

    /** Binary frames only carry attachments of binary packets, which are refused with their packet. */
    void receiveBinary() {
        if (state == State.CLOSED) {
            return;
        }
        if (attachmentsToDiscard > 0) {
            attachmentsToDiscard--;
            return;
        }
        refuse("binary frames are not supported on /socket.io/", null);
    }

    void closed() {
        state = State.CLOSED;
        heartbeat.stop();
        vertx.cancelTimer(connectDeadline);
        sessions.unregister(connection.id());
    }

    private Uni<Void> receive(SocketIoPacket packet) {
        if (state == State.CONNECTING) {
            holdUntilConnected(packet);
            return DONE;
        }
        switch (packet.type()) {
            case CONNECT -> {
                return connect(packet);
            }
            case DISCONNECT -> {
                if (packet.isOnMainNamespace()) {
                    close(CLOSE_NORMAL, "client disconnected");
                }
                // a namespace that was never joined has nothing to leave
            }
            case EVENT -> event(packet);
            case ACK -> refuse("unexpected ACK " + packet.ackId()
                    + ": the server never asks for acknowledgements", null);
            case BINARY_EVENT, BINARY_ACK -> {
                attachmentsToDiscard = Math.min(attachmentsToDiscard + packet.attachments(), MAX_ATTACHMENTS_TO_DISCARD);
                refuse("binary packets are not supported on /socket.io/: send JSON only",
                        packet.type() == SocketIoPacketType.BINARY_EVENT ? packet.ackId() : null);
            }
            case CONNECT_ERROR -> refuse("CONNECT_ERROR is sent by servers only", null);
        }
        return DONE;
    }

    private Uni<Void> connect(SocketIoPacket packet) {
        if (!packet.isOnMainNamespace()) {
            sendRaw(codec.encodeConnectError(packet.namespace(), INVALID_NAMESPACE));
            return DONE;
        }
        if (state != State.AWAITING_CONNECT) {
            refuse("already connected to /", null);
            return DONE;
        }
        state = State.CONNECTING;
        JsonNode resume = packet.payload() == null ? null : packet.payload().get("resume");
        return authenticator.authenticate(tokenOf(packet))
                .onItem().invoke(user -> connected(user, resume))
                .onFailure().invoke(this::refused)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void connected(TokenVerifier.AuthenticatedUser user, JsonNode resume) {
        if (state != State.CONNECTING) {
            return; // closed while the token was checked
        }
        vertx.cancelTimer(connectDeadline);
        // answer first: what the registry routes to this socket must come after the client's "connect"
        sendRaw(codec.encodeConnected(UUID.randomUUID().toString()));
        session = new ClientSession(socket, codec, user.userId(), user.displayName(), user.tokenExpiresAt(),
                maxPendingFrames);
        boolean resuming = resume != null && !resume.isNull();
        if (resuming) {
            // 40{"token","resume":{…}}: nothing live reaches the socket before what it missed
            session.holdLiveEvents();
        }
        sessions.register(session);
        state = State.CONNECTED;
        if (resuming) {
            ClientSession resumed = session;
            dispatcher.dispatch(resumed, new InboundCommand(ResumeHandler.RESUME, resume, null))
                    .onTermination().invoke(resumed::releaseLiveEvents)
                    .subscribe().with(ignored -> {
                    }, failure -> LOG.warnf("resume on CONNECT failed on %s: %s", connection.id(), failure));
        }
        handleHeldPackets();
    }

    /** Handled, in order, once the CONNECT is answered, as if they had come after the answer. */
    private void holdUntilConnected(SocketIoPacket packet) {
        if (heldWhileConnecting == null) {
            heldWhileConnecting = new ArrayList<>(2);
        }
        if (heldWhileConnecting.size() >= MAX_PACKETS_WHILE_CONNECTING) {
            refuse("too many packets before the CONNECT was answered: wait for its answer", packet.ackId());
            return;
        }
        heldWhileConnecting.add(packet);
    }

    private void handleHeldPackets() {
        List<SocketIoPacket> held = heldWhileConnecting;
        heldWhileConnecting = null;
        if (held != null) {
            // none of them waits: a CONNECT among them is answered "already connected", or is a new attempt
            held.forEach(packet -> receive(packet).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("held packet failed on %s: %s", connection.id(), failure)));
        }
    }

    private void refused(Throwable failure) {
        if (failure instanceof TokenVerifier.Unauthorized) {
            LOG.debugf("CONNECT refused on %s: %s", connection.id(), failure.getMessage());
        } else {
            LOG.warnf(failure, "CONNECT failed on %s", connection.id());
        }
        if (state == State.CONNECTING) {
            state = State.AWAITING_CONNECT;
            sendRaw(codec.encodeConnectError(SocketIoPacket.MAIN_NAMESPACE, UNAUTHORIZED));
            handleHeldPackets();
        }
    }

    private void event(SocketIoPacket packet) {
        if (state != State.CONNECTED) {
            refuse("not connected: send CONNECT (40{\"token\":\"…\"}) and wait for its answer first", null);
            return;
        }
        if (!packet.isOnMainNamespace()) {
            refuse("namespace " + packet.namespace() + " is not connected: only / exists", packet.ackId());
            return;
        }
        InboundCommand command;
        try {
            command = codec.toCommand(packet);
        } catch (FrameException invalid) {
            refuse(invalid.getMessage(), packet.ackId());
            return;
        }
        // not returned: the next frame (a pong, say) must not wait for message-service
        dispatcher.submit(session, command);
    }

    /**
     * Tells the client a frame was refused: once connected, in the failed acknowledgement it asked for or as
     * {@code message_error}; before, as a CONNECT_ERROR of the main namespace. The connection stays open.
     */
    private void refuse(String reason, Long ackId) {
        LOG.debugf("refused a frame on %s: %s", connection.id(), reason);
        if (state != State.CONNECTED) {
            sendRaw(codec.encodeConnectError(SocketIoPacket.MAIN_NAMESPACE, reason));
        } else if (ackId != null) {
            session.ack(ackId, Replies.Failed.of(new CommandException(ErrorCode.VALIDATION, reason)));
        } else {
            dispatcher.rejectFrame(session, reason);
        }
    }

    private static String tokenOf(SocketIoPacket connect) {
        JsonNode token = connect.payload() == null ? null : connect.payload().get("token");
        return token != null && token.isTextual() ? token.asText() : null;
    }

    private void sendRaw(String frame) {
        socket.write(frame);
    }

    private void close(int code, String reason) {
        LOG.debugf("closing %s: %s", connection.id(), reason);
        state = State.CLOSED;
        heartbeat.stop();
        if (connection.isOpen()) {
            socket.close(code, reason);
        }
    }
}
