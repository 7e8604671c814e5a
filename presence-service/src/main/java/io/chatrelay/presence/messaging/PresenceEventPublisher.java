package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.presence.PresenceChanged;
import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.contracts.presence.PresenceResyncRequested;
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

import java.time.Duration;
import java.util.List;

/**
 * Publishes on {@code presence.events} for every service (changes keyed by user id, re-announce requests keyed
 * by gateway id) and routes the same to the gateways on {@code gateway.presence}: a change to the partitions of
 * the gateways holding its audience (to every partition when it names a room), a re-announce request to every
 * gateway (it matters most when Redis lost the directory too).
 */
@ApplicationScoped
public class PresenceEventPublisher {

    private static final String GATEWAY_CHANNEL = "gateway-presence";

    private final MutinyEmitter<PresenceEvent> events;
    private final MutinyEmitter<PresenceEvent> gateways;
    private final DirectoryRouter<Keyed> router;

    public PresenceEventPublisher(@Channel("presence-events") MutinyEmitter<PresenceEvent> events,
                                  @Channel(GATEWAY_CHANNEL) MutinyEmitter<PresenceEvent> gateways,
                                  RedisPipeline redis, KafkaClientService kafka,
                                  @ConfigProperty(name = "delivery.directory-grace", defaultValue = "5s")
                                  Duration directoryGrace) {
        this.events = events;
        this.gateways = gateways;
        this.router = new DirectoryRouter<>(Topics.GATEWAY_PRESENCE, new DeliveryDirectoryLookup(redis),
                // never broadcast for the number of users it lists: a large room is named rather than listed, and a
                // change naming one goes to every partition (its members are likely spread over most gateways)
                directoryGrace, Integer.MAX_VALUE,
                () -> kafka.<String, PresenceEvent>getProducer(GATEWAY_CHANNEL).partitionsFor(Topics.GATEWAY_PRESENCE)
                        .map(infos -> infos.stream().map(PartitionInfo::partition).toList()),
                keyed -> Uni.createFrom().item(audienceOf(keyed.event())),
                this::sendToGateways);
    }

    public Uni<Void> publish(PresenceChanged change) {
        return send(new Keyed(change.userId(), change));
    }

    public Uni<Void> requestResync(String gatewayId) {
        return send(new Keyed(gatewayId, new PresenceResyncRequested(gatewayId)));
    }

    private Uni<Void> send(Keyed keyed) {
        return Uni.join().all(events.sendMessage(message(keyed, null)), router.route(keyed))
                .andFailFast().replaceWithVoid();
    }

    private static Audience audienceOf(PresenceEvent event) {
        if (!(event instanceof PresenceChanged change)) {
            return Audience.everyGateway();
        }
        if (change.audienceRooms() != null && !change.audienceRooms().isEmpty()) {
            return Audience.everyGateway();
        }
        return Audience.of(change.audience() == null ? List.of() : change.audience(), null);
    }

    private Uni<Void> sendToGateways(Keyed keyed, int partition) {
        return gateways.sendMessage(message(keyed, partition));
    }

    private static Message<PresenceEvent> message(Keyed keyed, Integer partition) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(keyed.key());
        if (partition != null) {
            metadata.withPartition(partition);
        }
        return Message.of(keyed.event()).addMetadata(metadata.build());
    }

    private record Keyed(String key, PresenceEvent event) {
    }
}
