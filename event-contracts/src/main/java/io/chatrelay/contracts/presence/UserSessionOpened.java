package io.chatrelay.contracts.presence;

/**
 * A socket of {@code userId} is open on {@code gatewayId}. Gateways send it again for every open socket when
 * presence-service asks them to re-announce: applying it twice changes nothing.
 */
public record UserSessionOpened(String gatewayId, String sessionId, String userId) implements PresenceCommand {

    public static final String TYPE = "session_opened";

    @Override
    public String key() {
        return userId;
    }
}
