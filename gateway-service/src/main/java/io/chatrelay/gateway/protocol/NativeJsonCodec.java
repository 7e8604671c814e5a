package io.chatrelay.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The native protocol on {@code /ws}: client frames {@code {"event":NAME,"data":{...},"ack":N?}}, server
 * frames {@code {"event":NAME,"data":{...}}} and acknowledgements {@code {"event":"ack","ack":N,"data":{...}}}.
 */
@ApplicationScoped
public class NativeJsonCodec implements FrameCodec {

    static final int MAX_EVENT_NAME_LENGTH = 64;

    private final ObjectMapper json;

    public NativeJsonCodec(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public InboundCommand decode(String frame) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new FrameException("frame is not valid JSON");
        }
        Utf8.requireScalarValues(root);
        if (root == null || !root.isObject()) {
            throw new FrameException("frame must be a JSON object {\"event\", \"data\", \"ack\"?}");
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isBlank()
                || event.asText().length() > MAX_EVENT_NAME_LENGTH) {
            throw new FrameException("\"event\" must be a non-empty string of at most " + MAX_EVENT_NAME_LENGTH
                    + " characters");
        }
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new FrameException("\"data\" must be an object");
        }
        JsonNode ack = root.get("ack");
        if (ack != null && !ack.isNull() && !(ack.canConvertToLong() && ack.isIntegralNumber() && ack.asLong() >= 0)) {
            throw new FrameException("\"ack\" must be a non-negative integer");
        }
        ObjectNode arguments = data == null || data.isNull() ? json.createObjectNode() : (ObjectNode) data;
        Long ackId = ack == null || ack.isNull() ? null : ack.asLong();
        return new InboundCommand(event.asText(), arguments, ackId);
    }

    @Override
    public String encodeEvent(String event, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("event", event);
        frame.set("data", json.valueToTree(data));
        return frame.toString();
    }

    @Override
    public String encodeAck(long ackId, Object data) {
        ObjectNode frame = json.createObjectNode();
        frame.put("event", "ack");
        frame.put("ack", ackId);
        frame.set("data", json.valueToTree(data));
        return frame.toString();
    }
}
