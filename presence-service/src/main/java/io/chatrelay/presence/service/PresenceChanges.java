package io.chatrelay.presence.service;

import io.chatrelay.contracts.presence.PresenceChanged;
import io.chatrelay.contracts.presence.PresenceStatus;
import io.chatrelay.presence.messaging.PresenceEventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Publishes a transition Redis has just decided, with the users to tell. */
@ApplicationScoped
public class PresenceChanges {

    private final PresenceAudience audience;
    private final PresenceEventPublisher publisher;

    public PresenceChanges(PresenceAudience audience, PresenceEventPublisher publisher) {
        this.audience = audience;
        this.publisher = publisher;
    }

    public Uni<Void> online(String userId, Instant at) {
        return audience.of(userId).chain(told -> publisher.publish(
                new PresenceChanged(userId, PresenceStatus.ONLINE, null, at, told.userIds(), told.roomIds())));
    }

    public Uni<Void> offline(String userId, Instant lastSeen) {
        return audience.of(userId).chain(told -> publisher.publish(
                new PresenceChanged(userId, PresenceStatus.OFFLINE, lastSeen, lastSeen, told.userIds(), told.roomIds())));
    }
}
