package io.chatrelay.message.service;

import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.contracts.room.RoomEvent;
import io.chatrelay.contracts.room.RoomMembership;
import io.chatrelay.message.client.RoomServiceClient;
import io.chatrelay.message.model.RoomAccess;
import io.chatrelay.message.model.RoomChange;
import io.chatrelay.message.repository.RoomRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who is in which room, for message-service: a replica in its own tables, kept from {@code room.events} by
 * version (the next version is applied, an older one skipped, a gap reloads room-service's snapshot). A room
 * the replica has not seen yet is looked up in room-service once before a request about it is refused: the
 * first send to a new room can overtake its {@code room_created} event.
 */
@ApplicationScoped
public class RoomMemberships {

    private static final Logger LOG = Logger.getLogger(RoomMemberships.class);

    /** How long one snapshot request may take. */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * room-service publishes an event just before its transaction commits, so a snapshot read right after the
     * event may not show it yet: the replica asks again a few times before it settles for an older one.
     */
    static final int SNAPSHOT_ATTEMPTS = 5;

    private final RoomRepository rooms;
    private final RoomServiceClient roomService;

    public RoomMemberships(RoomRepository rooms, @RestClient RoomServiceClient roomService) {
        this.rooms = rooms;
        this.roomService = roomService;
    }

    /**
     * Applies one event of {@code room.events}. On a gap (or a change of a room never seen) the snapshot
     * replaces the replica's room; when room-service cannot give one (unreachable, or it does not know the
     * room) the replica forgets the room instead of keeping members it cannot vouch for: the next request about
     * the room asks room-service again. Fails with {@code internal} when the database cannot be reached (worth
     * a retry), with {@code validation} when the event's data cannot be stored (not worth one).
     */
    public Uni<RoomChange> apply(RoomEvent event) {
        if (event instanceof RoomCreated created) {
            return storing("apply room_created", () -> replace(created.roomId(), created.name(),
                            created.ownerId(), created.version(), created.memberIds(), created.at()))
                    .map(replaced -> replaced ? RoomChange.APPLIED : RoomChange.ALREADY_APPLIED);
        }
        String userId = event instanceof MemberAdded added ? added.userId() : ((MemberRemoved) event).userId();
        return storing("apply " + event.getClass().getSimpleName(),
                        () -> rooms.changeMember(event.roomId(), event.version(), userId, event instanceof MemberAdded))
                .call(change -> change == RoomChange.GAP
                        ? reloadOrForget(event.roomId(), event.version())
                        : Uni.createFrom().voidItem());
    }

    /**
     * Succeeds when {@code userId} is a member of {@code roomId}; fails with {@code forbidden} for a non-member,
     * {@code not_found} for a room room-service does not know either, {@code internal} when it cannot tell.
     */
    public Uni<Void> requireMember(String roomId, String userId) {
        Optional<String> violation = MessageRules.idViolation("roomId", roomId);
        if (violation.isPresent()) {
            return ServiceException.invalid(violation.get());
        }
        return access(roomId, userId)
                .chain(access -> access == RoomAccess.UNKNOWN_ROOM
                        ? reload(roomId).chain(() -> access(roomId, userId))
                        : Uni.createFrom().item(access))
                .invoke(access -> {
                    switch (access) {
                        case UNKNOWN_ROOM -> throw ServiceException.notFound("room " + roomId + " does not exist");
                        case NOT_A_MEMBER -> throw ServiceException.forbidden("you are not a member of room " + roomId);
                        case MEMBER -> {
                        }
                    }
                })
                .replaceWithVoid();
    }

    private Uni<RoomAccess> access(String roomId, String userId) {
        return Transactions.inSession("check room membership", () -> rooms.access(roomId, userId));
    }

    /** A room not in the replica: room-service's snapshot, if it has one; fails when it cannot be asked. */
    private Uni<Void> reload(String roomId) {
        return snapshot(roomId, 1, 1).chain(snapshot -> snapshot == null
                ? Uni.createFrom().voidItem()
                : store(snapshot));
    }

    /** A gap: the snapshot (aiming for at least {@code version}), or forget the room when there is none. */
    private Uni<Void> reloadOrForget(String roomId, long version) {
        return snapshot(roomId, version, 1)
                .onFailure(ServiceException.class).recoverWithNull()
                .chain(snapshot -> {
                    if (snapshot == null) {
                        LOG.warnf("room %s: version %d follows a gap and room-service gave no snapshot; the replica "
                                + "forgets the room until it is needed again", roomId, version);
                        return storing("forget the room", () -> rooms.forget(roomId)).replaceWithVoid();
                    }
                    if (snapshot.version() < version) {
                        LOG.warnf("room %s: snapshot version %d is still behind event version %d; keeping it until "
                                + "the next change", roomId, snapshot.version(), version);
                    }
                    return store(snapshot);
                });
    }

    private Uni<Void> store(RoomMembership snapshot) {
        return storing("store the room snapshot", () -> replace(snapshot.roomId(), snapshot.name(),
                snapshot.ownerId(), snapshot.version(), snapshot.memberIds(), now())).replaceWithVoid();
    }

    /** A NUL cannot be stored in PostgreSQL text; a room's name is only shown, so it loses them. */
    private Uni<Boolean> replace(String roomId, String name, String ownerId, long version,
                                 Collection<String> memberIds, Instant at) {
        String shownName = name == null ? "" : name.replace("\u0000", "");
        return rooms.replace(roomId, shownName, ownerId, version, memberIds, at);
    }

    /** The snapshot (null when room-service does not know the room), asking again while it is behind. */
    private Uni<RoomMembership> snapshot(String roomId, long version, int attempt) {
        return fetch(roomId).chain(snapshot -> snapshot != null && snapshot.version() < version
                && attempt < SNAPSHOT_ATTEMPTS
                ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(100L * attempt))
                        .emitOn(OnContext.current())
                        .chain(() -> snapshot(roomId, version, attempt + 1))
                : Uni.createFrom().item(snapshot));
    }

    /** Answers on the caller's context, whatever thread the HTTP client or the timeout completes on. */
    private Uni<RoomMembership> fetch(String roomId) {
        return Uni.createFrom().deferred(() -> roomService.membership(roomId)
                        .ifNoItem().after(SNAPSHOT_TIMEOUT).fail()
                        .emitOn(OnContext.current()))
                .onFailure(RoomMemberships::isNotFound).recoverWithNull()
                .onFailure(failure -> !(failure instanceof ServiceException)).transform(failure -> {
                    LOG.warnf("room-service did not give the membership of room %s: %s", roomId, failure.toString());
                    return ServiceException.internal("room membership is unavailable, try again");
                });
    }

    /**
     * Database work on the replica: data PostgreSQL refuses (a data exception or a constraint violation) is a
     * {@code validation} failure, since repeating it cannot help; anything else is {@code internal}.
     */
    private static <T> Uni<T> storing(String what, Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).onFailure(failure -> !(failure instanceof ServiceException))
                .transform(failure -> {
                    if (BadData.in(failure)) {
                        LOG.errorf("could not %s, its data is not storable: %s", what, failure.getMessage());
                        return ServiceException.validation("could not " + what + ": its data is not storable");
                    }
                    LOG.errorf(failure, "could not %s", what);
                    return ServiceException.internal("could not " + what + ", try again");
                });
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() == 404;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
