package io.chatrelay.room.messaging;

import io.chatrelay.contracts.room.RoomEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes membership changes keyed by room id; completes once the broker has them. */
@ApplicationScoped
public class RoomEventPublisher {

    private final MutinyEmitter<RoomEvent> emitter;

    public RoomEventPublisher(@Channel("room-events") MutinyEmitter<RoomEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(RoomEvent event) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.roomId())
                .build();
        return emitter.sendMessage(Message.of(event).addMetadata(key));
    }
}
