package io.chatrelay.contracts.presence;

/** A socket of {@code userId} on {@code gatewayId} closed. */
public record UserSessionClosed(String gatewayId, String sessionId, String userId) implements PresenceCommand {

    public static final String TYPE = "session_closed";

    @Override
    public String key() {
        return userId;
    }
}
