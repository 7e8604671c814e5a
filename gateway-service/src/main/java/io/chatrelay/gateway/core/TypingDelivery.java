package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.OutboundEvent;
import io.chatrelay.gateway.session.RoomSubscriptions;
import io.chatrelay.gateway.session.SessionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emits typing indicators to this gateway's sockets: every socket of the direct partner, or every socket that
 * joined the room; never to the typist's own sockets. An indicator shown here that is neither refreshed nor
 * stopped within the orphan timeout (the typist's gateway died) is stopped here.
 */
@ApplicationScoped
public class TypingDelivery {

    private static final Set<String> EVENTS = Set.of(TypingSignal.USER_TYPING, TypingSignal.USER_STOPPED_TYPING);

    /** What clients get in {@code user_typing} and {@code user_stopped_typing}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record TypingIndicator(String userId, String name, String receiverId, String roomId, String conversationId) {
    }

    private record Shown(String typistId, String conversationId, String receiverId, String roomId) {
    }

    private record Showing(TypingSignal started, long expiresAt) {
    }

    private final Map<Shown, Showing> shown = new ConcurrentHashMap<>();
    private final SessionRegistry sessions;
    private final RoomSubscriptions rooms;
    private final TypingConfig config;
    private final Vertx vertx;
    private long orphanTimer = -1;

    public TypingDelivery(SessionRegistry sessions, RoomSubscriptions rooms, TypingConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.rooms = rooms;
        this.config = config;
        this.vertx = vertx;
    }

    void startOrphanTimer(@Observes StartupEvent started) {
        orphanTimer = vertx.setPeriodic(config.checkInterval().toMillis(), tick -> stopOrphans());
    }

    void stopOrphanTimer(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(orphanTimer);
    }

    public void deliver(TypingSignal signal) {
        if (!EVENTS.contains(signal.event()) || signal.userId() == null || signal.conversationId() == null) {
            return;
        }
        Shown key = new Shown(signal.userId(), signal.conversationId(), signal.receiverId(), signal.roomId());
        boolean emitted = emit(signal);
        if (TypingSignal.USER_STOPPED_TYPING.equals(signal.event())) {
            shown.remove(key);
        } else if (emitted) {
            shown.put(key, new Showing(signal, System.currentTimeMillis() + config.orphanTimeout().toMillis()));
        }
    }

    private boolean emit(TypingSignal signal) {
        Collection<ClientSession> targets = signal.receiverId() != null
                ? sessions.sessionsOf(signal.receiverId())
                : signal.roomId() != null ? rooms.sessionsIn(signal.roomId()) : Set.of();
        OutboundEvent indicator = new OutboundEvent(signal.event(), new TypingIndicator(signal.userId(), signal.name(),
                signal.receiverId(), signal.roomId(), signal.conversationId()));
        boolean emitted = false;
        for (ClientSession session : targets) {
            if (!session.userId().equals(signal.userId())) {
                session.emit(indicator);
                emitted = true;
            }
        }
        return emitted;
    }

    private void stopOrphans() {
        long now = System.currentTimeMillis();
        for (Map.Entry<Shown, Showing> entry : shown.entrySet()) {
            if (entry.getValue().expiresAt() <= now && shown.remove(entry.getKey(), entry.getValue())) {
                emit(entry.getValue().started().stopped());
            }
        }
    }
}
