package io.chatrelay.contracts.routing;

/**
 * The Redis keys of the delivery directory: which gateways hold sockets of a user, and which partition of
 * {@code gateway.deliveries} each live gateway reads. Gateways write it, message-service reads it to route.
 * See docs/ARCHITECTURE.md, "Routing between gateways".
 */
public final class DeliveryDirectory {

    /** Prefix of {@link #gateway(String)}, for scripts that build the key from a gateway id. */
    public static final String GATEWAY_PREFIX = "route:gateway:";

    /**
     * When the directory was (re)started: set by the first router that finds it missing (Redis lost its data).
     * Until every live gateway had time to register again, routers deliver to every partition.
     */
    public static final String SINCE = "route:since";

    private DeliveryDirectory() {
    }

    /** Hash: gateway id → number of the user's sockets on that gateway. */
    public static String userGateways(String userId) {
        return "route:user:" + userId;
    }

    /** String: the partition the gateway reads; expires unless the gateway keeps refreshing it. */
    public static String gateway(String gatewayId) {
        return GATEWAY_PREFIX + gatewayId;
    }
}
