package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The presence and typing readers start "from now on", like the message reader: the gateway is not ready for
 * sockets before each of them is positioned on its partitions.
 */
@ApplicationScoped
@Identifier(PresenceAndTypingAssignment.NAME)
@Readiness
public class PresenceAndTypingAssignment implements KafkaConsumerRebalanceListener, HealthCheck {

    static final String NAME = "presence-typing-assignment";

    private static final Set<String> TOPICS = Set.of(Topics.PRESENCE_EVENTS, Topics.TYPING_EVENTS);

    private final Set<String> positioned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        partitions.forEach(partition -> positioned.add(partition.topic()));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presence.events, typing.events positioned")
                .status(positioned.containsAll(TOPICS))
                .build();
    }
}
