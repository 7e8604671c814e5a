package io.chatrelay.gateway.protocol.socketio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.chatrelay.gateway.protocol.FrameException;
import io.chatrelay.gateway.protocol.Utf8;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * Reads a text frame of {@code /socket.io/} as an Engine.IO 4 packet and, for a MESSAGE, the Socket.IO 5 packet
 * inside it: {@code <type>[<attachments>-][<namespace>,][<ackId>][<JSON payload>]}. It checks the shape the
 * protocol gives each packet type; what the server does with a packet is the transport's business.
 */
@ApplicationScoped
public class SocketIoPacketParser {

    /** More digits than this cannot be an ack id a client means (JavaScript integers stop at 2^53). */
    private static final int MAX_ACK_ID_DIGITS = 16;

    private final ObjectReader json;

    public SocketIoPacketParser(ObjectMapper json) {
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @throws SocketIoProtocolException when the frame is not a well-formed packet */
    public EngineIoFrame parse(String frame) {
        if (frame.isEmpty()) {
            throw new SocketIoProtocolException("empty frame: an Engine.IO packet starts with its type (0-6)");
        }
        EngineIoPacketType type = EngineIoPacketType.of(frame.charAt(0)).orElseThrow(() ->
                new SocketIoProtocolException("unknown Engine.IO packet type '" + frame.charAt(0) + "'"));
        String data = frame.substring(1);
        return new EngineIoFrame(type, data, type == EngineIoPacketType.MESSAGE ? parsePacket(data) : null);
    }

    private SocketIoPacket parsePacket(String text) {
        if (text.isEmpty()) {
            throw new SocketIoProtocolException("empty Engine.IO message: a Socket.IO packet starts with its type (0-6)");
        }
        SocketIoPacketType type = SocketIoPacketType.of(text.charAt(0)).orElseThrow(() ->
                new SocketIoProtocolException("unknown Socket.IO packet type '" + text.charAt(0) + "'"));
        Cursor cursor = new Cursor(text, 1);
        int attachments = type.isBinary() ? cursor.attachmentCount() : 0;
        String namespace = cursor.namespace();
        Long ackId = cursor.ackId();
        JsonNode payload = cursor.atEnd() ? null : readJson(cursor.rest());
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, attachments, payload);
        checkShape(packet);
        return packet;
    }

    private JsonNode readJson(String payload) {
        JsonNode tree;
        try {
            tree = json.readTree(payload);
        } catch (IOException e) {
            throw new SocketIoProtocolException("the packet's payload is not valid JSON");
        }
        try {
            return Utf8.requireScalarValues(tree);
        } catch (FrameException notUnicode) {
            throw new SocketIoProtocolException(notUnicode.getMessage());
        }
    }

    private static void checkShape(SocketIoPacket packet) {
        JsonNode payload = packet.payload();
        switch (packet.type()) {
            case CONNECT -> {
                if (payload != null && !payload.isObject()) {
                    throw new SocketIoProtocolException("the CONNECT payload must be an object, e.g. {\"token\":\"…\"}");
                }
            }
            case DISCONNECT -> {
                if (payload != null) {
                    throw new SocketIoProtocolException("a DISCONNECT packet has no payload");
                }
            }
            case EVENT, BINARY_EVENT -> {
                if (payload == null || !payload.isArray() || payload.isEmpty() || !payload.get(0).isTextual()) {
                    throw new SocketIoProtocolException("an EVENT payload must be an array starting with the event name");
                }
            }
            case ACK, BINARY_ACK -> {
                if (packet.ackId() == null || payload == null || !payload.isArray()) {
                    throw new SocketIoProtocolException("an ACK packet needs an ack id and an array payload");
                }
            }
            case CONNECT_ERROR -> {
                // only servers send it; the transport refuses it whatever its payload
            }
        }
    }

    /** Walks the header of a Socket.IO packet. */
    private static final class Cursor {

        private final String text;
        private int position;

        Cursor(String text, int position) {
            this.text = text;
            this.position = position;
        }

        int attachmentCount() {
            int dash = text.indexOf('-', position);
            String digits = dash < 0 ? "" : text.substring(position, dash);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Cursor::isAsciiDigit)) {
                throw new SocketIoProtocolException("a binary packet must start with its attachment count, e.g. 51-");
            }
            position = dash + 1;
            return Integer.parseInt(digits);
        }

        String namespace() {
            if (atEnd() || text.charAt(position) != '/') {
                return SocketIoPacket.MAIN_NAMESPACE;
            }
            int comma = text.indexOf(',', position);
            int end = comma < 0 ? text.length() : comma;
            String namespace = text.substring(position, end);
            position = comma < 0 ? end : comma + 1;
            return namespace;
        }

        Long ackId() {
            int start = position;
            while (!atEnd() && isAsciiDigit(text.charAt(position))) {
                position++;
            }
            if (position == start) {
                return null;
            }
            if (position - start > MAX_ACK_ID_DIGITS) {
                throw new SocketIoProtocolException("the ack id is too large");
            }
            return Long.parseLong(text.substring(start, position));
        }

        boolean atEnd() {
            return position >= text.length();
        }

        String rest() {
            return text.substring(position);
        }

        private static boolean isAsciiDigit(int character) {
            return character >= '0' && character <= '9';
        }
    }
}
