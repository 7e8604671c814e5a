package io.chatrelay.message.messaging;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.routing.DeliveryDirectoryLookup;
import io.chatrelay.contracts.routing.MessageAudience;
import io.chatrelay.contracts.routing.DirectoryRouter;
import io.chatrelay.contracts.routing.DirectoryRouter.Audience;
import io.chatrelay.message.repository.RoomMemberIds;
import io.chatrelay.message.service.OnContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Routes message events to the gateways that hold their audience (sender and receiver of a direct message, the
 * members of a room — from message-service's replica —, the other participant of a receipt) or wait for their
 * command: one record on {@code gateway.deliveries} per partition those gateways read. A room the replica does
 * not hold yet goes to every partition, and so does a room of more than {@code delivery.broadcast-above} members
 * ({@link DirectoryRouter}), whose member list is then not read in full.
 */
@ApplicationScoped
public class GatewayDeliveryPublisher {

    private final EventProducer producer;
    private final RoomMemberIds roomMembers;
    private final DirectoryRouter<Routed> router;
    private final int broadcastAbove;

    public GatewayDeliveryPublisher(EventProducer producer, RedisPipeline redis, RoomMemberIds roomMembers,
                                    @ConfigProperty(name = "delivery.directory-grace", defaultValue = "5s")
                                    Duration directoryGrace,
                                    @ConfigProperty(name = "delivery.broadcast-above", defaultValue = "64")
                                    int broadcastAbove) {
        this.producer = producer;
        this.roomMembers = roomMembers;
        this.broadcastAbove = Math.max(0, broadcastAbove);
        this.router = new DirectoryRouter<>(Topics.GATEWAY_DELIVERIES, new DeliveryDirectoryLookup(redis),
                directoryGrace, this.broadcastAbove,
                () -> producer.partitionsOf(Topics.GATEWAY_DELIVERIES),
                this::audienceOf, this::send);
    }

    /** Completes once the broker has every routed copy ({@code cause}: the command's trace, may be null). */
    public Uni<Void> deliver(String conversationId, MessageEvent event, TracingMetadata cause) {
        return Uni.createFrom().deferred(() -> {
            Executor caller = OnContext.current();
            return router.route(new Routed(conversationId, event, cause)).emitOn(caller);
        });
    }

    private Uni<Audience> audienceOf(Routed routed) {
        MessageAudience audience = MessageAudience.of(routed.event());
        String waiting = routed.event().origin() == null ? null : routed.event().origin().gatewayId();
        if (audience.roomId() == null) {
            return Uni.createFrom().item(Audience.of(audience.userIds(), waiting));
        }
        // one more than the router's limit is enough to know the room is broadcast
        return roomMembers.upTo(audience.roomId(), (int) Math.min(Integer.MAX_VALUE, broadcastAbove + 1L)).map(memberIds -> {
            if (memberIds.isEmpty()) {
                return Audience.everyGateway();
            }
            List<String> users = new ArrayList<>(audience.userIds());
            users.addAll(memberIds);
            return Audience.of(users, waiting);
        });
    }

    private Uni<Void> send(Routed routed, int partition) {
        return producer.send(Topics.GATEWAY_DELIVERIES, routed.conversationId(), partition, routed.event(),
                routed.trace());
    }

    private record Routed(String conversationId, MessageEvent event, TracingMetadata trace) {
    }
}
