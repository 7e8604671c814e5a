package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.presence.GatewayHeartbeat;
import io.chatrelay.contracts.presence.GatewayStopped;
import io.chatrelay.contracts.presence.PresenceCommand;
import io.chatrelay.contracts.presence.UserSessionClosed;
import io.chatrelay.contracts.presence.UserSessionOpened;
import io.chatrelay.presence.service.GatewaySweeper;
import io.chatrelay.presence.service.SessionTracker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.stream.Stream;

/**
 * Consumes {@code presence.commands} from the gateways. Applying a record twice changes nothing, so a replay
 * after a crash is harmless.
 */
@ApplicationScoped
public class PresenceCommandConsumer {

    private static final Logger LOG = Logger.getLogger(PresenceCommandConsumer.class);

    private final SessionTracker sessions;
    private final GatewaySweeper sweeper;

    public PresenceCommandConsumer(SessionTracker sessions, GatewaySweeper sweeper) {
        this.sessions = sessions;
        this.sweeper = sweeper;
    }

    @Incoming("presence-commands")
    public Uni<Void> consume(PresenceCommand command) {
        return RedisRetry.withRetry(Uni.createFrom().deferred(() -> apply(command)), "a presence command");
    }

    private Uni<Void> apply(PresenceCommand command) {
        if (command == null || isBlank(command.gatewayId())) {
            LOG.warn("skipped an unreadable record on presence.commands");
            return Uni.createFrom().voidItem();
        }
        if (command instanceof UserSessionOpened opened && isComplete(opened.sessionId(), opened.userId())) {
            return sessions.opened(opened);
        }
        if (command instanceof UserSessionClosed closed && isComplete(closed.sessionId(), closed.userId())) {
            return sessions.closed(closed);
        }
        if (command instanceof GatewayHeartbeat heartbeat) {
            return sessions.heartbeat(heartbeat);
        }
        if (command instanceof GatewayStopped stopped) {
            return sweeper.dropStopped(stopped.gatewayId());
        }
        LOG.warnf("skipped an incomplete %s on presence.commands", command.getClass().getSimpleName());
        return Uni.createFrom().voidItem();
    }

    private static boolean isComplete(String... values) {
        return Stream.of(values).noneMatch(PresenceCommandConsumer::isBlank);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
