package io.chatrelay.gateway.core;

import io.chatrelay.contracts.presence.PresenceChanged;
import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.contracts.presence.PresenceResyncRequested;
import io.chatrelay.contracts.presence.PresenceStatus;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.FanOut;
import io.chatrelay.gateway.session.OutboundEvent;
import io.chatrelay.gateway.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns presence events into socket events: a change goes to the sockets here of the users in its audience
 * ({@code user_online} or {@code user_offline}, and {@code user_status_change}); a re-announce request for
 * this gateway makes it announce its sockets again.
 */
@ApplicationScoped
public class PresenceDelivery {

    private final SessionRegistry sessions;
    private final PresenceAnnouncer announcer;
    private final GatewayConfig gateway;

    public PresenceDelivery(SessionRegistry sessions, PresenceAnnouncer announcer, GatewayConfig gateway) {
        this.sessions = sessions;
        this.announcer = announcer;
        this.gateway = gateway;
    }

    /**
     * Delivers a poll of events: each socket gets all of its changes in one task of its event loop, in the order of
     * the poll, and flushed once. A crowd of connects or disconnects brings hundreds of changes to the same
     * sockets, whose frames one by one kept the gateway's event loops busy for seconds (docs/BENCHMARKS.md,
     * session 15).
     */
    public void deliver(List<PresenceEvent> events) {
        Map<ClientSession, List<OutboundEvent>> framesBySession = new LinkedHashMap<>();
        for (PresenceEvent event : events) {
            if (event instanceof PresenceChanged changed && isComplete(changed)) {
                List<OutboundEvent> change = eventsOf(changed);
                for (ClientSession session : sessionsOfAudience(changed)) {
                    framesBySession.computeIfAbsent(session, ignored -> new ArrayList<>()).addAll(change);
                }
            } else if (event instanceof PresenceResyncRequested resync
                    && gateway.instanceId().equals(resync.gatewayId())) {
                announcer.reannounce();
            }
        }
        FanOut.run(framesBySession.keySet(), session -> framesBySession.get(session).forEach(session::emit));
    }

    private static boolean isComplete(PresenceChanged changed) {
        return changed.userId() != null && changed.status() != null && changed.audience() != null;
    }

    /** {@code user_online} or {@code user_offline}, then {@code user_status_change}. */
    private static List<OutboundEvent> eventsOf(PresenceChanged changed) {
        boolean online = changed.status() == PresenceStatus.ONLINE;
        OutboundEvent event = online
                ? new OutboundEvent(PresenceEvents.USER_ONLINE, new PresenceEvents.UserOnline(changed.userId()))
                : new OutboundEvent(PresenceEvents.USER_OFFLINE,
                        new PresenceEvents.UserOffline(changed.userId(), changed.lastSeen()));
        OutboundEvent statusChange = new OutboundEvent(PresenceEvents.USER_STATUS_CHANGE,
                new PresenceEvents.UserStatusChange(changed.userId(), changed.status(), online ? null : changed.lastSeen()));
        return List.of(event, statusChange);
    }

    private List<ClientSession> sessionsOfAudience(PresenceChanged changed) {
        List<ClientSession> audienceHere = new ArrayList<>();
        for (String userId : localAudience(changed)) {
            audienceHere.addAll(sessions.sessionsOf(userId));
        }
        return audienceHere;
    }

    /** Walks the smaller side: the audience, or the users connected here. */
    private Collection<String> localAudience(PresenceChanged changed) {
        Set<String> connected = sessions.connectedUsers();
        if (changed.audience().size() <= connected.size()) {
            return changed.audience();
        }
        Set<String> audience = new HashSet<>(changed.audience());
        return connected.stream().filter(audience::contains).toList();
    }
}
