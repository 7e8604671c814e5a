package io.chatrelay.gateway.core;

import io.chatrelay.contracts.presence.TypingSignal;
import io.chatrelay.gateway.messaging.TypingEventPublisher;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SessionClosed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Who is typing where, for the sockets of this gateway: the typist's gateway owns the indicator, forwards a
 * {@code typing_start} at most once per forward interval, and ends the indicator itself when it is not
 * refreshed in time, when the socket closes, or when the typist's message in that conversation is stored.
 */
@ApplicationScoped
public class TypingTracker {

    private record Key(String sessionId, String conversationId) {
    }

    private record Typing(String userId, TypingSignal started, long forwardedAt, long expiresAt) {
    }

    private final Map<Key, Typing> typing = new ConcurrentHashMap<>();
    private final TypingEventPublisher publisher;
    private final RoomMemberships memberships;
    private final TypingConfig config;
    private final Vertx vertx;
    private long expiryTimer = -1;

    public TypingTracker(TypingEventPublisher publisher, RoomMemberships memberships, TypingConfig config, Vertx vertx) {
        this.publisher = publisher;
        this.memberships = memberships;
        this.config = config;
        this.vertx = vertx;
    }

    void startExpiryTimer(@Observes StartupEvent started) {
        expiryTimer = vertx.setPeriodic(config.checkInterval().toMillis(), tick -> expire());
    }

    void stopExpiryTimer(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(expiryTimer);
    }

    public void start(ClientSession session, TypingTarget target) {
        long now = System.currentTimeMillis();
        long expiresAt = now + config.timeout().toMillis();
        typing.compute(new Key(session.id(), target.conversationId()), (key, current) -> {
            if (current != null && now - current.forwardedAt() < config.forwardInterval().toMillis()) {
                return new Typing(current.userId(), current.started(), current.forwardedAt(), expiresAt);
            }
            TypingSignal started = new TypingSignal(TypingSignal.USER_TYPING, session.userId(), session.displayName(),
                    target.receiverId(), target.roomId(), target.conversationId());
            send(started);
            return new Typing(session.userId(), started, now, expiresAt);
        });
    }

    public void stop(ClientSession session, TypingTarget target) {
        Typing stopped = typing.remove(new Key(session.id(), target.conversationId()));
        if (stopped != null) {
            send(stopped.started().stopped());
        }
    }

    /** The typist's message in that conversation was stored: their typing there is over. */
    public void messageSent(String userId, String conversationId) {
        stopWhere((key, state) -> state.userId().equals(userId) && key.conversationId().equals(conversationId));
    }

    void closed(@Observes SessionClosed closed) {
        String sessionId = closed.session().id();
        stopWhere((key, state) -> key.sessionId().equals(sessionId));
    }

    private void expire() {
        long now = System.currentTimeMillis();
        stopWhere((key, state) -> state.expiresAt() <= now);
    }

    private void stopWhere(BiPredicate<Key, Typing> condition) {
        for (Map.Entry<Key, Typing> entry : typing.entrySet()) {
            if (condition.test(entry.getKey(), entry.getValue()) && typing.remove(entry.getKey(), entry.getValue())) {
                send(entry.getValue().started().stopped());
            }
        }
    }

    /** To the direct partner, or to every member of the room (the gateways show it to the sockets that joined). */
    private void send(TypingSignal signal) {
        Uni<? extends Collection<String>> recipients = signal.receiverId() != null
                ? Uni.createFrom().item(List.of(signal.receiverId()))
                : memberships.room(signal.roomId()).map(RoomMemberships.Room::memberIds);
        publisher.send(signal, recipients);
    }
}
