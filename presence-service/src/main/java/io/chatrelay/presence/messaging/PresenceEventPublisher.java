package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.presence.PresenceChanged;
import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.contracts.presence.PresenceResyncRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes on {@code presence.events}: changes keyed by user id, re-announce requests keyed by gateway id. */
@ApplicationScoped
public class PresenceEventPublisher {

    private final MutinyEmitter<PresenceEvent> emitter;

    public PresenceEventPublisher(@Channel("presence-events") MutinyEmitter<PresenceEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(PresenceChanged change) {
        return send(change.userId(), change);
    }

    public Uni<Void> requestResync(String gatewayId) {
        return send(gatewayId, new PresenceResyncRequested(gatewayId));
    }

    private Uni<Void> send(String key, PresenceEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(event).addMetadata(metadata));
    }
}
