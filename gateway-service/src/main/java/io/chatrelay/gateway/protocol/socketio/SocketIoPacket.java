package io.chatrelay.gateway.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A decoded Socket.IO packet: {@code <type>[<attachments>-][<namespace>,][<ackId>][<JSON payload>]}.
 *
 * @param namespace   {@code "/"} unless the packet names another one
 * @param ackId       the acknowledgement id, or null when none is asked for
 * @param attachments binary attachments announced by a BINARY_EVENT / BINARY_ACK, otherwise 0
 * @param payload     the JSON payload, or null when the packet has none
 */
public record SocketIoPacket(SocketIoPacketType type, String namespace, Long ackId, int attachments, JsonNode payload) {

    public static final String MAIN_NAMESPACE = "/";

    public boolean isOnMainNamespace() {
        return MAIN_NAMESPACE.equals(namespace);
    }
}
