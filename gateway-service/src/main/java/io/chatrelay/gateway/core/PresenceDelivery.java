package io.chatrelay.gateway.core;

import io.chatrelay.contracts.presence.PresenceChanged;
import io.chatrelay.contracts.presence.PresenceEvent;
import io.chatrelay.contracts.presence.PresenceResyncRequested;
import io.chatrelay.contracts.presence.PresenceStatus;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.FanOut;
import io.chatrelay.gateway.session.OutboundEvent;
import io.chatrelay.gateway.session.SessionRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns presence events into socket events: a change goes to the sockets here of the users in its audience and of
 * the members of the rooms it names ({@code user_online} or {@code user_offline}, and {@code user_status_change});
 * a re-announce request for this gateway makes it announce its sockets again.
 */
@ApplicationScoped
public class PresenceDelivery {

    private static final Logger LOG = Logger.getLogger(PresenceDelivery.class);

    private final SessionRegistry sessions;
    private final RoomMemberships memberships;
    private final PresenceAnnouncer announcer;
    private final GatewayConfig gateway;
    private final FanOut fanOut;

    public PresenceDelivery(SessionRegistry sessions, RoomMemberships memberships, PresenceAnnouncer announcer,
                            GatewayConfig gateway, FanOut fanOut) {
        this.sessions = sessions;
        this.memberships = memberships;
        this.announcer = announcer;
        this.gateway = gateway;
        this.fanOut = fanOut;
    }

    /**
     * Delivers a poll of events: each socket gets all of its changes in one task of its event loop, in the order of
     * the poll, flushed together (paced, see {@link FanOut}). A crowd of connects or disconnects brings hundreds of
     * changes to the same sockets, whose frames one by one kept the gateway's event loops busy for seconds
     * (docs/BENCHMARKS.md, session 15). The rooms the changes name are read first (kept current from {@code room.events}).
     */
    public Uni<Void> deliver(List<PresenceEvent> events) {
        List<PresenceChanged> changes = new ArrayList<>(events.size());
        Set<String> roomIds = new LinkedHashSet<>();
        for (PresenceEvent event : events) {
            if (event instanceof PresenceChanged changed && isComplete(changed)) {
                changes.add(changed);
                roomIds.addAll(namedRooms(changed));
            } else if (event instanceof PresenceResyncRequested resync
                    && gateway.instanceId().equals(resync.gatewayId())) {
                announcer.reannounce();
            }
        }
        if (roomIds.isEmpty()) {
            fanOut(changes, Map.of());
            return Uni.createFrom().voidItem();
        }
        return rooms(roomIds).invoke(rooms -> fanOut(changes, rooms)).replaceWithVoid();
    }

    /** The rooms that could be read; one room-service cannot tell is left out (its members are not told). */
    private Uni<Map<String, Set<String>>> rooms(Set<String> roomIds) {
        List<Uni<RoomMemberships.Room>> reads = roomIds.stream()
                .map(roomId -> memberships.room(roomId).onFailure().recoverWithItem(failure -> {
                    LOG.debugf("members of room %s unknown, not told of presence: %s", roomId, failure.getMessage());
                    return null;
                }))
                .toList();
        return Uni.join().all(reads).andFailFast().map(read -> {
            Map<String, Set<String>> membersByRoom = new HashMap<>();
            for (RoomMemberships.Room room : read) {
                if (room != null) {
                    membersByRoom.put(room.roomId(), room.memberIds());
                }
            }
            return membersByRoom;
        });
    }

    private void fanOut(List<PresenceChanged> changes, Map<String, Set<String>> membersByRoom) {
        // a crowd's changes name the same room: who of its members is here is found once per poll
        Map<String, List<String>> membersHereByRoom = new HashMap<>();
        Map<ClientSession, List<OutboundEvent>> framesBySession = new LinkedHashMap<>();
        for (PresenceChanged changed : changes) {
            Set<String> usersHere = new HashSet<>(sessions.connectedAmong(new HashSet<>(changed.audience())));
            for (String roomId : namedRooms(changed)) {
                usersHere.addAll(membersHereByRoom.computeIfAbsent(roomId,
                        id -> sessions.connectedAmong(membersByRoom.getOrDefault(id, Set.of()))));
            }
            usersHere.remove(changed.userId());
            List<OutboundEvent> frames = eventsOf(changed);
            for (String userId : usersHere) {
                for (ClientSession session : sessions.sessionsOf(userId)) {
                    framesBySession.computeIfAbsent(session, ignored -> new ArrayList<>()).addAll(frames);
                }
            }
        }
        fanOut.run(framesBySession.keySet(), session -> framesBySession.get(session).forEach(session::emit));
    }

    private static List<String> namedRooms(PresenceChanged changed) {
        return changed.audienceRooms() == null ? List.of() : changed.audienceRooms();
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
}
