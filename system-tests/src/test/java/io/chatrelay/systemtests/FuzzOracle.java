package io.chatrelay.systemtests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the documentation (docs/PROTOCOL.md) says the gateway must do with a frame or a request, written down
 * independently of the gateway's code: which frames are commands, which of them must be acknowledged, which
 * close the socket, and which sends are valid and may therefore be stored. The fuzz test compares what the
 * services did with this.
 */
final class FuzzOracle {

    /** "frame larger than 65,536 bytes: socket closed with 1009". */
    static final int MAX_FRAME_BYTES = 65_536;
    static final int MAX_TEXT_LENGTH = 4000;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_EVENT_NAME_LENGTH = 64;
    static final int MAX_ROOM_NAME_LENGTH = 200;
    static final int MAX_SOCKETIO_ACK_DIGITS = 16;
    static final Set<String> SEND_EVENTS = Set.of("send_direct_message", "send_room_message", "send_message");
    static final Set<String> TYPES = Set.of("text", "image", "file", "emoji");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Socket.IO payloads are one JSON value, nothing after it. */
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FuzzOracle() {
    }

    /** A decoded client command: event name, argument object, ack id or null. */
    record Command(String event, JsonNode data, Long ackId) {
    }

    /** What may be stored for a valid send: the row must match one of these. */
    record SendKey(String senderId, String receiverId, String roomId, String type, String content) {
    }

    /**
     * The server's duty for one frame.
     *
     * @param ackId         an acknowledgement with this id must come (within the bounded wait)
     * @param closeCode     the socket must be closed with this code (1009 too big, 1000 disconnect), else null
     * @param command       the command the frame carries (executed by the server), else null
     * @param discarded     a binary attachment the server drops silently
     * @param connectToken  a Socket.IO CONNECT of the main namespace, with this token text (or "" without one)
     */
    record Verdict(Long ackId, Integer closeCode, Command command, boolean discarded, String connectToken) {
        static final Verdict REFUSED = new Verdict(null, null, null, false, null);

        boolean closes() {
            return closeCode != null;
        }
    }

    /** Per-socket state the Socket.IO rules depend on. */
    static final class SocketIoState {
        boolean connected;
        int attachmentsToDiscard;
    }

    /** Strict UTF-8 decoding: null when the bytes are not well-formed UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- native /ws

    static Verdict nativeFrame(byte[] payload, boolean binary) {
        if (payload.length > MAX_FRAME_BYTES) {
            return new Verdict(null, 1009, null, false, null);
        }
        if (binary) {
            return Verdict.REFUSED;
        }
        String text = utf8(payload);
        if (text == null || text.indexOf('\uFFFD') >= 0) {
            return Verdict.REFUSED;
        }
        Command command = decodeNative(text);
        return command == null ? Verdict.REFUSED : new Verdict(command.ackId(), null, command, false, null);
    }

    /** {@code {"event": NAME, "data": {...}?, "ack": N?}}; null when the frame is refused. */
    static Command decodeNative(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isObject() || !scalarValues(root)) {
            return null;
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isBlank()
                || event.asText().length() > MAX_EVENT_NAME_LENGTH) {
            return null;
        }
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            return null;
        }
        JsonNode ack = root.get("ack");
        if (ack != null && !ack.isNull() && !(ack.isIntegralNumber() && ack.canConvertToLong() && ack.asLong() >= 0)) {
            return null;
        }
        return new Command(event.asText(), data == null || data.isNull() ? JsonNodeFactory.instance.objectNode() : data,
                ack == null || ack.isNull() ? null : ack.asLong());
    }

    // ---------------------------------------------------------------- Socket.IO /socket.io/

    /** Applies the frame to {@code state} and says what the server must do. */
    static Verdict socketIoFrame(byte[] payload, boolean binary, SocketIoState state) {
        if (payload.length > MAX_FRAME_BYTES) {
            return new Verdict(null, 1009, null, false, null);
        }
        if (binary) {
            if (state.attachmentsToDiscard > 0) {
                state.attachmentsToDiscard--;
                return new Verdict(null, null, null, true, null);
            }
            return Verdict.REFUSED;
        }
        String text = utf8(payload);
        if (text == null || text.indexOf('\uFFFD') >= 0 || text.isEmpty()) {
            return Verdict.REFUSED;
        }
        switch (text.charAt(0)) {
            case '1':
                return new Verdict(null, 1000, null, false, null); // Engine.IO CLOSE
            case '4':
                return socketIoPacket(text.substring(1), state);
            default:
                return Verdict.REFUSED; // ping, pong and the types a client may not send: no command
        }
    }

    private static Verdict socketIoPacket(String text, SocketIoState state) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            return Verdict.REFUSED;
        }
        char type = text.charAt(0);
        int position = 1;
        int attachments = 0;
        boolean binaryPacket = type == '5' || type == '6';
        if (binaryPacket) {
            int dash = text.indexOf('-', position);
            String digits = dash < 0 ? "" : text.substring(position, dash);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Verdict.REFUSED;
            }
            attachments = Integer.parseInt(digits);
            position = dash + 1;
        }
        String namespace = "/";
        if (position < text.length() && text.charAt(position) == '/') {
            int comma = text.indexOf(',', position);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(position, end);
            position = comma < 0 ? end : comma + 1;
        }
        int digitsStart = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        Long ackId = null;
        if (position > digitsStart) {
            if (position - digitsStart > MAX_SOCKETIO_ACK_DIGITS) {
                return Verdict.REFUSED;
            }
            ackId = Long.parseLong(text.substring(digitsStart, position));
        }
        JsonNode payload = null;
        if (position < text.length()) {
            try {
                payload = STRICT.readTree(text.substring(position));
            } catch (Exception e) {
                return Verdict.REFUSED;
            }
            if (!scalarValues(payload)) {
                return Verdict.REFUSED; // not Unicode text: refused like a frame that is not UTF-8
            }
        }
        boolean main = "/".equals(namespace);
        switch (type) {
            case '0': // CONNECT
                if (payload != null && !payload.isObject()) {
                    return Verdict.REFUSED;
                }
                if (!main || state.connected) {
                    return Verdict.REFUSED;
                }
                JsonNode token = payload == null ? null : payload.get("token");
                return new Verdict(null, null, null, false, token != null && token.isTextual() ? token.asText() : "");
            case '1': // DISCONNECT
                if (payload != null) {
                    return Verdict.REFUSED;
                }
                return main ? new Verdict(null, 1000, null, false, null) : Verdict.REFUSED;
            case '2':
            case '5': {
                if (payload == null || !payload.isArray() || payload.isEmpty() || !payload.get(0).isTextual()) {
                    return Verdict.REFUSED;
                }
                if (type == '5') {
                    state.attachmentsToDiscard = Math.min(state.attachmentsToDiscard + attachments, 1000);
                    return new Verdict(state.connected ? ackId : null, null, null, false, null);
                }
                if (!state.connected) {
                    return Verdict.REFUSED; // answered with CONNECT_ERROR, never executed
                }
                Long answer = ackId;
                if (!main) {
                    return new Verdict(answer, null, null, false, null);
                }
                String name = payload.get(0).asText();
                JsonNode data = payload.size() == 2 ? payload.get(1) : null;
                if (name.isBlank() || name.length() > MAX_EVENT_NAME_LENGTH || payload.size() > 2
                        || data != null && !data.isNull() && !data.isObject()) {
                    return new Verdict(answer, null, null, false, null);
                }
                return new Verdict(answer, null, new Command(name,
                        data == null || data.isNull() ? JsonNodeFactory.instance.objectNode() : data, ackId), false, null);
            }
            case '3':
            case '6':
                if (ackId == null || payload == null || !payload.isArray()) {
                    return Verdict.REFUSED;
                }
                if (type == '6') {
                    state.attachmentsToDiscard = Math.min(state.attachmentsToDiscard + attachments, 1000);
                }
                return Verdict.REFUSED;
            default: // '4' CONNECT_ERROR: servers only
                return Verdict.REFUSED;
        }
    }

    // ---------------------------------------------------------------- the rules of a valid send

    /** The row a valid send may create, or null when the documented rules refuse it. */
    static SendKey validSend(String senderId, Command command) {
        if (command == null || !SEND_EVENTS.contains(command.event())) {
            return null;
        }
        return validSend(senderId, command.event(), command.data());
    }

    static SendKey validSend(String senderId, String event, JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        boolean hasReceiver = data.hasNonNull("receiverId");
        boolean hasRoom = data.hasNonNull("roomId");
        String receiverId = null;
        String roomId = null;
        if ("send_direct_message".equals(event) || "send_message".equals(event) && hasReceiver && !hasRoom) {
            receiverId = id(data.get("receiverId"));
            if (receiverId == null || receiverId.equals(senderId)) {
                return null;
            }
        } else if ("send_room_message".equals(event) || "send_message".equals(event) && hasRoom && !hasReceiver) {
            roomId = id(data.get("roomId"));
            if (roomId == null) {
                return null;
            }
        } else {
            return null;
        }
        JsonNode typeNode = data.get("type");
        String type;
        if (typeNode == null || typeNode.isNull()) {
            type = "text";
        } else if (typeNode.isTextual() && TYPES.contains(typeNode.asText())) {
            type = typeNode.asText();
        } else {
            return null;
        }
        JsonNode clientMessageId = data.get("clientMessageId");
        if (clientMessageId != null && !clientMessageId.isNull() && id(clientMessageId) == null) {
            return null;
        }
        JsonNode content = data.get("content");
        if (content == null || !content.isTextual() || !validContent(type, content.asText())) {
            return null;
        }
        return new SendKey(senderId, receiverId, roomId, type, content.asText());
    }

    /** A string id of 1..128 characters, else null. */
    static String id(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        return validId(node.asText()) ? node.asText() : null;
    }

    static boolean validId(String id) {
        return id != null && !id.isEmpty() && id.codePointCount(0, id.length()) <= MAX_ID_LENGTH && wellFormed(id);
    }

    /** text/emoji: 1..4000 characters; image/file: an http(s) URL of at most 2048 characters. */
    static boolean validContent(String type, String content) {
        if (content == null || content.isEmpty() || !wellFormed(content)) {
            return false;
        }
        if ("image".equals(type) || "file".equals(type)) {
            if (content.length() > MAX_URL_LENGTH) {
                return false;
            }
            try {
                URI uri = new URI(content);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
            } catch (Exception e) {
                return false;
            }
        }
        return content.codePointCount(0, content.length()) <= MAX_TEXT_LENGTH;
    }

    /**
     * Text that is a sequence of Unicode scalar values (no lone surrogates, which a JSON escape like
     * {@code "\ud800"} can produce but no UTF-8 column can hold).
     */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** No string or key of the JSON escapes an unpaired surrogate. */
    static boolean scalarValues(JsonNode json) {
        if (json == null) {
            return true;
        }
        if (json.isTextual()) {
            return wellFormed(json.textValue());
        }
        if (json.isObject()) {
            for (var fields = json.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (!wellFormed(field.getKey()) || !scalarValues(field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (json.isArray()) {
            for (JsonNode item : json) {
                if (!scalarValues(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The text as a UTF-8 column stores it: every unpaired surrogate becomes '?'. */
    static String degraded(String text) {
        return text == null ? null : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** A copy of the JSON with every string (not the keys) {@link #degraded}. */
    static JsonNode degraded(JsonNode json) {
        if (json.isTextual()) {
            return JsonNodeFactory.instance.textNode(degraded(json.textValue()));
        }
        if (json.isObject()) {
            var copy = JsonNodeFactory.instance.objectNode();
            json.fields().forEachRemaining(field -> copy.set(field.getKey(), degraded(field.getValue())));
            return copy;
        }
        if (json.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            json.forEach(item -> copy.add(degraded(item)));
            return copy;
        }
        return json;
    }

    /**
     * The raw text of the non-string scalars (numbers, booleans) a top-level {@code field} holds, itself or as array
     * items: what a lenient JSON binding would coerce into strings.
     */
    static List<String> coercibleScalars(String body, String field) {
        List<String> texts = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(withoutByteOrderMark(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return texts;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted && value == JsonToken.START_ARRAY) {
                    while ((value = parser.nextToken()) != JsonToken.END_ARRAY && value != null) {
                        if (value.isScalarValue() && value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                            texts.add(parser.getText());
                        } else if (value.isStructStart()) {
                            parser.skipChildren();
                        }
                    }
                } else if (wanted && value != null && value.isScalarValue() && value != JsonToken.VALUE_STRING
                        && value != JsonToken.VALUE_NULL) {
                    texts.add(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (Exception unreadable) {
            // only what could be read
        }
        return texts;
    }

    // ---------------------------------------------------------------- REST bodies

    /** {@code POST /api/messages}: the row it may create, or null. Wrong JSON types are refused, never coerced. */
    static SendKey validRestSend(String senderId, String body) {
        JsonNode root = jsonObject(body);
        if (root == null || !stringsOrNull(root, "receiverId", "roomId", "content", "type", "clientMessageId")) {
            return null;
        }
        return validSend(senderId, "send_message", root);
    }

    /** K3: the row {@code POST /api/messages} stores today when its strings escape unpaired surrogates, or null. */
    static SendKey degradedRestSend(String senderId, String body) {
        JsonNode root = jsonObject(body);
        if (root == null || scalarValues(root) || !stringsOrNull(root, "receiverId", "roomId", "content", "type", "clientMessageId")) {
            return null;
        }
        return validSend(senderId, "send_message", degraded(root));
    }

    /** {@code POST /api/rooms}: the trimmed room name it may create, or null. */
    static String validRoomName(String body) {
        JsonNode root = jsonObject(body);
        if (root == null || !stringsOrNull(root, "name")) {
            return null;
        }
        JsonNode members = root.get("memberIds");
        if (members != null && !members.isNull()) {
            if (!members.isArray()) {
                return null;
            }
            for (JsonNode member : members) {
                if (id(member) == null) {
                    return null;
                }
            }
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual()) {
            return null;
        }
        String trimmed = name.asText().strip();
        return validRoomNameText(trimmed) ? trimmed : null;
    }

    static boolean validRoomNameText(String name) {
        return name != null && !name.isBlank() && name.equals(name.strip())
                && name.codePointCount(0, name.length()) <= MAX_ROOM_NAME_LENGTH && wellFormed(name);
    }

    /** The member ids a room-creating or member-adding body names (valid or not). */
    static void memberIdsOf(String body, java.util.Collection<String> into) {
        JsonNode root = jsonObject(body);
        if (root == null) {
            return;
        }
        root.path("memberIds").forEach(member -> {
            if (member.isTextual()) {
                into.add(member.asText());
            }
        });
        if (root.path("userId").isTextual()) {
            into.add(root.path("userId").asText());
        }
    }

    /** A REST body as the services read it: from bytes, where Jackson skips a UTF-8 byte order mark. */
    static JsonNode jsonObject(String body) {
        try {
            JsonNode root = JSON.readTree(withoutByteOrderMark(body));
            return root != null && root.isObject() ? root : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String withoutByteOrderMark(String body) {
        return body != null && body.startsWith("\uFEFF") ? body.substring(1) : body;
    }

    private static boolean stringsOrNull(JsonNode root, String... fields) {
        for (String field : fields) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
