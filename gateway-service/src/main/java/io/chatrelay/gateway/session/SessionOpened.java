package io.chatrelay.gateway.session;

/** CDI event fired when an authenticated socket joins the registry, whatever its protocol. */
public record SessionOpened(ClientSession session) {
}
