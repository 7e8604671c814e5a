package io.chatrelay.gateway.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sockets of this gateway joined which room ({@code join_room}): they get the room's ephemeral events
 * such as typing. Messages do not depend on it: they go to every socket of every member.
 */
@ApplicationScoped
public class RoomSubscriptions {

    private final Map<String, Set<ClientSession>> byRoom = new ConcurrentHashMap<>();
    private final Map<ClientSession, Set<String>> bySession = new ConcurrentHashMap<>();

    public void join(ClientSession session, String roomId) {
        byRoom.computeIfAbsent(roomId, room -> ConcurrentHashMap.newKeySet()).add(session);
        bySession.computeIfAbsent(session, joined -> ConcurrentHashMap.newKeySet()).add(roomId);
    }

    /** @return true when the socket had joined the room */
    public boolean leave(ClientSession session, String roomId) {
        Set<ClientSession> joined = byRoom.get(roomId);
        boolean left = joined != null && joined.remove(session);
        byRoom.computeIfPresent(roomId, (room, sessions) -> sessions.isEmpty() ? null : sessions);
        bySession.computeIfPresent(session, (closing, rooms) -> {
            rooms.remove(roomId);
            return rooms.isEmpty() ? null : rooms;
        });
        return left;
    }

    void onClosed(@Observes SessionClosed closed) {
        Set<String> rooms = bySession.remove(closed.session());
        if (rooms != null) {
            rooms.forEach(roomId -> leave(closed.session(), roomId));
        }
    }

    /** A member removed from the room leaves it on every socket at once. */
    public void leaveEverywhere(String roomId, String userId) {
        Set<ClientSession> joined = byRoom.get(roomId);
        if (joined != null) {
            joined.stream().filter(session -> session.userId().equals(userId)).toList()
                    .forEach(session -> leave(session, roomId));
        }
    }

    public boolean hasJoined(ClientSession session, String roomId) {
        Set<ClientSession> joined = byRoom.get(roomId);
        return joined != null && joined.contains(session);
    }

    /** The open sockets that joined the room; closed ones are pruned on the way. */
    public List<ClientSession> sessionsIn(String roomId) {
        Set<ClientSession> joined = byRoom.get(roomId);
        if (joined == null) {
            return List.of();
        }
        joined.removeIf(session -> !session.isOpen());
        return List.copyOf(joined);
    }
}
