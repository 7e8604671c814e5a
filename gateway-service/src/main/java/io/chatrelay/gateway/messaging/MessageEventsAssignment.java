package io.chatrelay.gateway.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;

/**
 * A gateway reads message events "from now on". Until its partitions are assigned and their positions
 * fixed, events would pass it by, so it is not ready for sockets before that.
 */
@ApplicationScoped
@Identifier(MessageEventsAssignment.NAME)
@Readiness
public class MessageEventsAssignment implements KafkaConsumerRebalanceListener, HealthCheck {

    static final String NAME = "message-events-assignment";

    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("message.events positioned").status(assigned).build();
    }
}
