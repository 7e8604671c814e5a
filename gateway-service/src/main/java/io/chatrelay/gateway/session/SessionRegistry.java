package io.chatrelay.gateway.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The sockets open on this gateway, by connection id and by user. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, ClientSession> byConnection = new ConcurrentHashMap<>();
    /** Immutable lists, replaced on change under the map's per-key lock: most users have one socket (~200 B less each). */
    private final Map<String, List<ClientSession>> byUser = new ConcurrentHashMap<>();
    public static final int CLOSE_GATEWAY_FULL = 1013;
    public static final int CLOSE_TOO_MANY_FOR_USER = 1008;

    private final Event<SessionOpened> opened;
    private final Event<SessionClosed> closed;
    private final ConnectionLimits limits;

    public SessionRegistry(Event<SessionOpened> opened, Event<SessionClosed> closed, ConnectionLimits limits) {
        this.opened = opened;
        this.closed = closed;
        this.limits = limits;
    }

    /**
     * Adds an authenticated socket, unless this gateway is full ({@code gateway.max-connections}, closed with
     * 1013 "try again later": the client reconnects elsewhere) or the user already holds
     * {@code gateway.max-connections-per-user} sockets here (closed with 1008 "policy violation").
     *
     * @return true when the socket was registered
     */
    public boolean register(ClientSession session) {
        if (byConnection.size() >= limits.maxConnections()) {
            session.close(CLOSE_GATEWAY_FULL, "gateway full, reconnect");
            return false;
        }
        boolean[] added = {false};
        byUser.compute(session.userId(), (user, ofUser) -> {
            List<ClientSession> sessions = ofUser != null ? ofUser : List.of();
            if (sessions.size() >= limits.maxConnectionsPerUser() || sessions.contains(session)) {
                return ofUser;
            }
            added[0] = true;
            return Stream.concat(sessions.stream(), Stream.of(session)).toList();
        });
        if (!added[0]) {
            session.close(CLOSE_TOO_MANY_FOR_USER, "too many connections for this user");
            return false;
        }
        byConnection.put(session.id(), session);
        opened.fire(new SessionOpened(session));
        return true;
    }

    public void unregister(String connectionId) {
        ClientSession session = byConnection.remove(connectionId);
        if (session != null) {
            byUser.computeIfPresent(session.userId(), (user, sessions) -> {
                List<ClientSession> left = sessions.stream().filter(other -> other != session).toList();
                return left.isEmpty() ? null : left;
            });
            closed.fire(new SessionClosed(session));
        }
    }

    public ClientSession byConnection(String connectionId) {
        return byConnection.get(connectionId);
    }

    public Collection<ClientSession> sessionsOf(String userId) {
        List<ClientSession> sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public Collection<ClientSession> all() {
        return byConnection.values();
    }

    /** The users with at least one socket here (a live view). */
    public Set<String> connectedUsers() {
        return byUser.keySet();
    }

    /** Who of {@code userIds} holds a socket here; walks the smaller side: the given users or the users here. */
    public List<String> connectedAmong(Set<String> userIds) {
        Set<String> here = byUser.keySet();
        boolean walkGiven = userIds.size() <= here.size();
        Set<String> walked = walkGiven ? userIds : here;
        Set<String> other = walkGiven ? here : userIds;
        List<String> found = new ArrayList<>(Math.min(walked.size(), 1024));
        for (String userId : walked) {
            if (other.contains(userId)) {
                found.add(userId);
            }
        }
        return found;
    }

    public int openSessions() {
        return byConnection.size();
    }
}
