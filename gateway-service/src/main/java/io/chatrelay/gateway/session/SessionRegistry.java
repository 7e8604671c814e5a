package io.chatrelay.gateway.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets open on this gateway, by connection id and by user. */
@ApplicationScoped
public class SessionRegistry {

    private final Map<String, ClientSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final Event<SessionOpened> opened;
    private final Event<SessionClosed> closed;

    public SessionRegistry(Event<SessionOpened> opened, Event<SessionClosed> closed) {
        this.opened = opened;
        this.closed = closed;
    }

    public void register(ClientSession session) {
        byConnection.put(session.id(), session);
        byUser.computeIfAbsent(session.userId(), user -> ConcurrentHashMap.newKeySet()).add(session);
        opened.fire(new SessionOpened(session));
    }

    public void unregister(String connectionId) {
        ClientSession session = byConnection.remove(connectionId);
        if (session != null) {
            byUser.computeIfPresent(session.userId(), (user, sessions) -> {
                sessions.remove(session);
                return sessions.isEmpty() ? null : sessions;
            });
            closed.fire(new SessionClosed(session));
        }
    }

    public ClientSession byConnection(String connectionId) {
        return byConnection.get(connectionId);
    }

    public Collection<ClientSession> sessionsOf(String userId) {
        Set<ClientSession> sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public Collection<ClientSession> all() {
        return byConnection.values();
    }

    /** The users with at least one socket here (a live view). */
    public Set<String> connectedUsers() {
        return byUser.keySet();
    }

    public int openSessions() {
        return byConnection.size();
    }
}
