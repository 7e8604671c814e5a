package io.chatrelay.contracts.presence;

/**
 * A gateway is alive, sent periodically (one record per gateway, whatever its number of sockets). When no
 * heartbeat comes within {@code ttlMillis}, presence-service drops every session of that gateway.
 * {@code sessions} is the number of sockets it holds (informative).
 */
public record GatewayHeartbeat(String gatewayId, long ttlMillis, int sessions) implements PresenceCommand {

    public static final String TYPE = "gateway_heartbeat";

    @Override
    public String key() {
        return gatewayId;
    }
}
