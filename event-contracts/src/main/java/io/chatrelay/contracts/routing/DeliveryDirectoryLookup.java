package io.chatrelay.contracts.routing;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the delivery directory the gateways keep in Redis (docs/ARCHITECTURE.md, "Routing between gateways"):
 * which partitions of the per-gateway topics reach the sockets of some users and some waiting gateways, in one
 * round trip.
 */
public final class DeliveryDirectoryLookup {

    private static final String SCRIPT = script("/routing/route-lookup.lua");

    private final RedisPipeline redis;

    public DeliveryDirectoryLookup(RedisPipeline redis) {
        this.redis = redis;
    }

    /**
     * @param grace how long after the directory was lost (Redis restarted empty) it counts as incomplete: the
     *              time every live gateway needs to register its users again
     */
    public Uni<Routes> lookup(List<String> userIds, List<String> gatewayIds, Duration grace) {
        Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(userIds.size());
        userIds.forEach(userId -> eval.arg(DeliveryDirectory.userGateways(userId)));
        eval.arg(System.currentTimeMillis()).arg(grace.toMillis()).arg(DeliveryDirectory.GATEWAY_PREFIX);
        gatewayIds.forEach(eval::arg);
        return redis.send(eval)
                .map(reply -> routes(reply, userIds, gatewayIds));
    }

    private static Routes routes(Response reply, List<String> userIds, List<String> gatewayIds) {
        if (!"routed".equals(reply.get(0).toString())) {
            return Routes.EVERYWHERE;
        }
        Map<String, Set<Integer>> byUser = new HashMap<>();
        for (int i = 0; i < userIds.size(); i++) {
            Set<Integer> partitions = new HashSet<>();
            reply.get(1 + i).forEach(partition -> partitions.add(partition.toInteger()));
            byUser.put(userIds.get(i), partitions);
        }
        Map<String, Integer> byGateway = new HashMap<>();
        for (int i = 0; i < gatewayIds.size(); i++) {
            String partition = reply.get(1 + userIds.size() + i).toString();
            if (!partition.isEmpty()) {
                byGateway.put(gatewayIds.get(i), Integer.valueOf(partition));
            }
        }
        return new Routes(false, byUser, byGateway);
    }

    /**
     * Where asked users and gateways are reached: per user the partitions of the gateways holding their sockets
     * (empty: not connected), per live gateway its partition (absent: not alive). {@code everywhere} when the
     * directory cannot be trusted yet: deliver to every partition.
     */
    public record Routes(boolean everywhere, Map<String, Set<Integer>> byUser, Map<String, Integer> byGateway) {

        public static final Routes EVERYWHERE = new Routes(true, Map.of(), Map.of());
        public static final Routes NOWHERE = new Routes(false, Map.of(), Map.of());
    }

    private static String script(String resource) {
        try (InputStream in = DeliveryDirectoryLookup.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
