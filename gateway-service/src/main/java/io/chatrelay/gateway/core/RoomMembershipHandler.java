package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.RoomSubscriptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * {@code join_room {roomId}} subscribes this socket to the room's ephemeral events (members only);
 * {@code leave_room {roomId}} unsubscribes it. Membership itself is managed over REST.
 */
@ApplicationScoped
public class RoomMembershipHandler implements CommandHandler {

    static final String JOIN_ROOM = "join_room";
    static final String LEAVE_ROOM = "leave_room";

    @RegisterForReflection
    public record Joined(boolean ok, String roomId) {
    }

    private final RoomMemberships memberships;
    private final RoomSubscriptions subscriptions;

    public RoomMembershipHandler(RoomMemberships memberships, RoomSubscriptions subscriptions) {
        this.memberships = memberships;
        this.subscriptions = subscriptions;
    }

    @Override
    public Set<String> events() {
        return Set.of(JOIN_ROOM, LEAVE_ROOM);
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        String roomId = Arguments.requiredId(data, "roomId");
        if (LEAVE_ROOM.equals(event)) {
            subscriptions.leave(session, roomId);
            return Uni.createFrom().item(new Joined(true, roomId));
        }
        return memberships.requireMember(roomId, session.userId())
                .map(room -> {
                    subscriptions.join(session, roomId);
                    return new Joined(true, roomId);
                });
    }
}
