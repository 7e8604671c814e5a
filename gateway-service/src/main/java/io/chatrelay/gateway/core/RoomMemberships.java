package io.chatrelay.gateway.core;

import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.contracts.room.RoomEvent;
import io.chatrelay.contracts.room.RoomMembership;
import io.chatrelay.gateway.messaging.RoomServiceClient;
import io.chatrelay.gateway.session.RoomSubscriptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room, as far as this gateway needs to know: loaded from room-service on first use and
 * kept current from {@code room.events}, so fan-out never queries a database per recipient or per message.
 * A version gap (a missed event) drops the entry, and the next use reloads it.
 */
@ApplicationScoped
public class RoomMemberships {

    /** Members of one room at one version; immutable, replaced on every change. */
    public record Room(String roomId, long version, Set<String> memberIds) {

        public boolean hasMember(String userId) {
            return memberIds.contains(userId);
        }
    }

    private final Map<String, Uni<Room>> rooms = new ConcurrentHashMap<>();
    private final RoomServiceClient roomService;
    private final RoomSubscriptions subscriptions;

    public RoomMemberships(@RestClient RoomServiceClient roomService, RoomSubscriptions subscriptions) {
        this.roomService = roomService;
        this.subscriptions = subscriptions;
    }

    /** The room, or a {@code not_found} failure when room-service does not know it. */
    public Uni<Room> room(String roomId) {
        return rooms.computeIfAbsent(roomId, this::load);
    }

    /** Fails with {@code forbidden} unless {@code userId} is a member of the room. */
    public Uni<Room> requireMember(String roomId, String userId) {
        return room(roomId).invoke(room -> {
            if (!room.hasMember(userId)) {
                throw new CommandException(ErrorCode.FORBIDDEN, "you are not a member of room " + roomId);
            }
        });
    }

    public void apply(RoomEvent event) {
        if (event instanceof RoomCreated created) {
            rooms.put(created.roomId(), Uni.createFrom().item(
                    new Room(created.roomId(), created.version(), Set.copyOf(created.memberIds()))));
            return;
        }
        Uni<Room> cached = rooms.get(event.roomId());
        if (cached == null) {
            return; // not used here: loaded fresh when it is
        }
        cached.subscribe().with(room -> update(room, event), failure -> rooms.remove(event.roomId(), cached));
    }

    private void update(Room room, RoomEvent event) {
        if (event.version() <= room.version()) {
            return; // already part of the snapshot
        }
        if (event.version() != room.version() + 1) {
            rooms.remove(room.roomId());
            return;
        }
        Set<String> members = ConcurrentHashMap.newKeySet();
        members.addAll(room.memberIds());
        if (event instanceof MemberAdded added) {
            members.add(added.userId());
        } else if (event instanceof MemberRemoved removed) {
            members.remove(removed.userId());
            subscriptions.leaveEverywhere(room.roomId(), removed.userId());
        }
        rooms.put(room.roomId(), Uni.createFrom().item(new Room(room.roomId(), event.version(), Set.copyOf(members))));
    }

    private Uni<Room> load(String roomId) {
        return roomService.membership(roomId)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(snapshot -> new Room(snapshot.roomId(), snapshot.version(), Set.copyOf(snapshot.memberIds())))
                .onFailure().transform(failure -> notFoundOrUnavailable(roomId, failure))
                .onFailure().invoke(() -> rooms.remove(roomId))
                .memoize().indefinitely();
    }

    private static CommandException notFoundOrUnavailable(String roomId, Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
            return new CommandException(ErrorCode.NOT_FOUND, "room " + roomId + " does not exist");
        }
        return new CommandException(ErrorCode.INTERNAL, "room membership is unavailable, try again");
    }
}
