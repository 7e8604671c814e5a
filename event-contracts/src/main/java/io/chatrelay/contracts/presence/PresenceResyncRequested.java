package io.chatrelay.contracts.presence;

/**
 * presence-service lacks the sessions of {@code gatewayId} (its Redis lost them, or it dropped that gateway
 * after a missed heartbeat): that gateway announces every open socket again with {@code session_opened}.
 */
public record PresenceResyncRequested(String gatewayId) implements PresenceEvent {

    public static final String TYPE = "presence_resync_requested";
}
