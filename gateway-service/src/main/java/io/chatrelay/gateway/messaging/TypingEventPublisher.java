package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.contracts.routing.DeliveryDirectoryLookup;
import io.chatrelay.contracts.routing.DirectoryRouter;
import io.chatrelay.contracts.routing.DirectoryRouter.Audience;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.PartitionInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;

/**
 * Sends typing indicators to the gateways of their recipients (the direct partner, or a room's members): one
 * record on {@code gateway.typing} per partition those gateways read, keyed by receiver (or room), in the order
 * they are sent. Fire and forget: an indicator is ephemeral and never holds a client up.
 */
@ApplicationScoped
public class TypingEventPublisher {

    private static final Logger LOG = Logger.getLogger(TypingEventPublisher.class);
    private static final String CHANNEL = "typing-signals";

    private final MutinyEmitter<TypingSignal> emitter;
    private final DirectoryRouter<Addressed> router;

    public TypingEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                MutinyEmitter<TypingSignal> emitter,
                                RedisPipeline redis, KafkaClientService kafka,
                                @ConfigProperty(name = "delivery.directory-grace", defaultValue = "5s")
                                Duration directoryGrace,
                                @ConfigProperty(name = "delivery.broadcast-above", defaultValue = "64")
                                int broadcastAbove) {
        this.emitter = emitter;
        this.router = new DirectoryRouter<>(Topics.GATEWAY_TYPING, new DeliveryDirectoryLookup(redis), directoryGrace,
                broadcastAbove,
                () -> kafka.<String, TypingSignal>getProducer(CHANNEL).partitionsFor(Topics.GATEWAY_TYPING)
                        .map(infos -> infos.stream().map(PartitionInfo::partition).toList()),
                addressed -> addressed.recipients().map(users -> Audience.of(users, null)),
                this::sendTo);
    }

    /** @param recipients the users whose sockets show it */
    public void send(TypingSignal signal, Uni<? extends Collection<String>> recipients) {
        router.route(new Addressed(signal, recipients.map(users -> (Collection<String>) users)))
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("typing indicator of %s not sent: %s", signal.userId(), failure.getMessage()));
    }

    private Uni<Void> sendTo(Addressed addressed, int partition) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(addressed.signal().key())
                .withPartition(partition)
                .build();
        return emitter.sendMessage(Message.of(addressed.signal()).addMetadata(metadata));
    }

    private record Addressed(TypingSignal signal, Uni<Collection<String>> recipients) {
    }
}
