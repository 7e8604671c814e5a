package io.chatrelay.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client command decoded from any wire format: the event name, its argument object and, when the client
 * asked for one, the id its acknowledgement must carry.
 */
public record InboundCommand(String event, JsonNode data, Long ackId) {

    public boolean wantsAck() {
        return ackId != null;
    }
}
