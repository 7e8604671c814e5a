package io.chatrelay.gateway.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.gateway.protocol.FrameCodec;
import io.chatrelay.gateway.protocol.FrameException;
import io.chatrelay.gateway.protocol.InboundCommand;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Socket.IO v4 (Engine.IO 4 + Socket.IO protocol 5) on {@code /socket.io/}, main namespace only. Client events
 * {@code 42["name",{...}]} and {@code 42<ackId>["name",{...}]} become commands; the server writes events
 * {@code 42["name",data]} and acknowledgements {@code 43<ackId>[data]}, plus the handshake and connection
 * packets the transport needs.
 */
@ApplicationScoped
public class SocketIoCodec implements FrameCodec {

    static final int MAX_EVENT_NAME_LENGTH = 64;

    private static final String MESSAGE = String.valueOf(EngineIoPacketType.MESSAGE.code());

    private final ObjectMapper json;
    private final SocketIoPacketParser parser;

    public SocketIoCodec(ObjectMapper json, SocketIoPacketParser parser) {
        this.json = json;
        this.parser = parser;
    }

    /** Decodes a whole frame that must be an EVENT on the main namespace. */
    @Override
    public InboundCommand decode(String frame) {
        SocketIoPacket packet = parser.parse(frame).packet();
        if (packet == null || packet.type() != SocketIoPacketType.EVENT || !packet.isOnMainNamespace()) {
            throw new SocketIoProtocolException("expected an EVENT packet 42[\"event\",{...}]");
        }
        return toCommand(packet);
    }

    /**
     * @param event an EVENT packet: {@code ["name"]} or {@code ["name", {arguments}]}
     * @throws FrameException when the event name or its argument is not what the protocol of this gateway allows
     */
    public InboundCommand toCommand(SocketIoPacket event) {
        JsonNode arguments = event.payload();
        String name = arguments.get(0).asText();
        if (name.isBlank() || name.length() > MAX_EVENT_NAME_LENGTH) {
            throw new FrameException("the event name must be a non-empty string of at most " + MAX_EVENT_NAME_LENGTH
                    + " characters");
        }
        if (arguments.size() > 2) {
            throw new FrameException("an event carries one argument: [\"event\", {...}]");
        }
        JsonNode data = arguments.size() == 2 ? arguments.get(1) : null;
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new FrameException("the event's argument must be an object");
        }
        ObjectNode object = data == null || data.isNull() ? json.createObjectNode() : (ObjectNode) data;
        return new InboundCommand(name, object, event.ackId());
    }

    @Override
    public String encodeEvent(String event, Object data) {
        ArrayNode arguments = json.createArrayNode().add(event).add(json.<JsonNode>valueToTree(data));
        return MESSAGE + SocketIoPacketType.EVENT.code() + arguments;
    }

    @Override
    public String encodeAck(long ackId, Object data) {
        ArrayNode arguments = json.createArrayNode().add(json.<JsonNode>valueToTree(data));
        return MESSAGE + SocketIoPacketType.ACK.code() + ackId + arguments;
    }

    /** The Engine.IO OPEN packet, the first frame of every connection. */
    public String encodeOpen(EngineIoHandshake handshake) {
        return EngineIoPacketType.OPEN.code() + json.valueToTree(handshake).toString();
    }

    public String encodePing() {
        return String.valueOf(EngineIoPacketType.PING.code());
    }

    /** The answer to a client's ping, echoing its data (as for the {@code 2probe} of the Engine.IO spec). */
    public String encodePong(String data) {
        return EngineIoPacketType.PONG.code() + data;
    }

    /** The answer to a successful CONNECT of the main namespace. */
    public String encodeConnected(String socketId) {
        return MESSAGE + SocketIoPacketType.CONNECT.code() + json.createObjectNode().put("sid", socketId);
    }

    /** A refused CONNECT, or any refusal addressed to a namespace the client has not joined. */
    public String encodeConnectError(String namespace, String message) {
        String prefix = SocketIoPacket.MAIN_NAMESPACE.equals(namespace) ? "" : namespace + ",";
        return MESSAGE + SocketIoPacketType.CONNECT_ERROR.code() + prefix
                + json.createObjectNode().put("message", message);
    }
}
