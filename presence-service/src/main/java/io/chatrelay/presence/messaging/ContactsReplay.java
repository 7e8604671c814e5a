package io.chatrelay.presence.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilds the contacts projection by reading {@code message.events} again from the start of its retention,
 * on the partitions this replica reads (now, or as soon as it is given some).
 */
@ApplicationScoped
@Identifier(ContactsReplay.NAME)
public class ContactsReplay implements KafkaConsumerRebalanceListener {

    public static final String NAME = "contacts-replay";

    private static final Logger LOG = Logger.getLogger(ContactsReplay.class);

    private final KafkaClientService kafka;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean assigned;

    public ContactsReplay(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    public void request() {
        pending.set(true);
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(ContactsConsumer.CHANNEL);
        if (consumer != null) {
            consumer.runOnPollingThread(this::rewindIfPending).subscribe().with(ignored -> {
            }, failure -> LOG.warnf("could not replay message.events: %s", failure.getMessage()));
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned = true;
        rewindIfPending(consumer);
    }

    boolean assigned() {
        return assigned;
    }

    private void rewindIfPending(Consumer<?, ?> consumer) {
        Collection<TopicPartition> partitions = consumer.assignment();
        if (!partitions.isEmpty() && pending.getAndSet(false)) {
            LOG.infof("replaying message.events from the start on %s", partitions);
            consumer.seekToBeginning(partitions);
        }
    }
}
