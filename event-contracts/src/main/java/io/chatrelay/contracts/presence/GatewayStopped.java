package io.chatrelay.contracts.presence;

/** A gateway shuts down cleanly: its sessions are gone now, not when its heartbeat expires. */
public record GatewayStopped(String gatewayId) implements PresenceCommand {

    public static final String TYPE = "gateway_stopped";

    @Override
    public String key() {
        return gatewayId;
    }
}
