package io.chatrelay.presence.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Knows when this replica has taken its share of {@code presence.commands}. */
@ApplicationScoped
@Identifier(CommandsAssignment.NAME)
public class CommandsAssignment implements KafkaConsumerRebalanceListener {

    static final String NAME = "presence-commands-assignment";

    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned = true;
    }

    boolean assigned() {
        return assigned;
    }
}
