package io.chatrelay.gateway.session;

/** CDI event fired when a socket leaves the registry (closed by either side, whatever its protocol). */
public record SessionClosed(ClientSession session) {
}
