package io.chatrelay.contracts.message;

/**
 * Which gateway asked for a command and under which request id, so that gateway can answer the waiting
 * socket once message-service has decided. Other consumers ignore it.
 */
public record Origin(String gatewayId, String requestId) {
}
