package io.chatrelay.contracts.presence;

import java.time.Instant;

/**
 * A socket of {@code userId} on {@code gatewayId} closed at {@code closedAt} (absent from older gateways: the time the
 * record is applied). A gateway may send it a little after the close (its offline grace), so the time travels with it.
 */
public record UserSessionClosed(String gatewayId, String sessionId, String userId, Instant closedAt)
        implements PresenceCommand {

    public static final String TYPE = "session_closed";

    @Override
    public String key() {
        return userId;
    }
}
