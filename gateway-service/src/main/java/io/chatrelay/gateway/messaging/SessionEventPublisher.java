package io.chatrelay.gateway.messaging;

import io.chatrelay.contracts.presence.PresenceCommand;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tells presence-service about this gateway's sockets on {@code presence.commands}: sessions keyed by user,
 * heartbeats keyed by gateway. Records are handed to the producer in the order of the calls.
 */
@ApplicationScoped
public class SessionEventPublisher {

    private static final Logger LOG = Logger.getLogger(SessionEventPublisher.class);

    private final MutinyEmitter<PresenceCommand> emitter;

    // a re-announce sends one record per open socket at once
    public SessionEventPublisher(@Channel("presence-commands") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                                 MutinyEmitter<PresenceCommand> emitter) {
        this.emitter = emitter;
    }

    /** Sends now; a failure is logged (heartbeats and re-announcing repair what a lost record leaves wrong). */
    public void send(PresenceCommand command) {
        publish(command).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("could not publish %s of gateway %s: %s", command.getClass().getSimpleName(),
                command.gatewayId(), failure.getMessage()));
    }

    /** Completes once the broker has the record. */
    public Uni<Void> publish(PresenceCommand command) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(command.key())
                .build();
        return emitter.sendMessage(Message.of(command).addMetadata(key));
    }
}
