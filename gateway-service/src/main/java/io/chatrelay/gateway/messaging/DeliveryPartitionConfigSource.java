package io.chatrelay.gateway.messaging;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the partition of {@code gateway.deliveries} this gateway reads when {@code gateway.delivery.partition}
 * is not configured: one at random among {@code gateway.delivery.partitions}, the same for the whole process.
 * Gateways need no coordination for it: two that pick the same partition both read its records and each
 * delivers only to its own sockets.
 */
public class DeliveryPartitionConfigSource implements ConfigSourceFactory {

    static final String PARTITION = "gateway.delivery.partition";
    private static final String PARTITIONS = "gateway.delivery.partitions";
    private static final int DEFAULT_PARTITIONS = 16;
    // below application.properties (250) and the environment (300): a configured partition wins
    private static final int ORDINAL = 50;
    private static final int DRAW = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(PARTITIONS);
        int partitions = configured == null || configured.getValue() == null
                ? DEFAULT_PARTITIONS
                : Integer.parseInt(configured.getValue().trim());
        String picked = Integer.toString(DRAW % Math.max(1, partitions));
        return List.of(new MapBackedConfigSource("random gateway.delivery.partition", Map.of(PARTITION, picked),
                ORDINAL) {
        });
    }
}
