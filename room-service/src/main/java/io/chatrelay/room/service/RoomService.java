package io.chatrelay.room.service;

import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.room.MemberAdded;
import io.chatrelay.contracts.room.MemberRemoved;
import io.chatrelay.contracts.room.RoomCreated;
import io.chatrelay.contracts.room.RoomMembership;
import io.chatrelay.room.mapping.RoomViews;
import io.chatrelay.room.mapping.RoomViews.RoomDetails;
import io.chatrelay.room.mapping.RoomViews.RoomSummary;
import io.chatrelay.room.messaging.RoomEventPublisher;
import io.chatrelay.room.model.Room;
import io.chatrelay.room.model.RoomMember;
import io.chatrelay.room.repository.RoomMemberRepository;
import io.chatrelay.room.repository.RoomRepository;
import io.chatrelay.room.rest.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Rooms and their members. Every change is published on {@code room.events} before its transaction
 * commits, so a change that was answered with success has been announced to the gateways.
 */
@ApplicationScoped
public class RoomService {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_MEMBERS = 10_000;

    private final RoomRepository rooms;
    private final RoomMemberRepository members;
    private final RoomEventPublisher events;

    public RoomService(RoomRepository rooms, RoomMemberRepository members, RoomEventPublisher events) {
        this.rooms = rooms;
        this.members = members;
        this.events = events;
    }

    public Uni<RoomDetails> create(String ownerId, String name, List<String> memberIds) {
        String trimmedName = validName(name);
        Set<String> everyone = new LinkedHashSet<>();
        everyone.add(ownerId);
        if (memberIds != null) {
            memberIds.forEach(memberId -> everyone.add(validUserId(memberId)));
        }
        if (everyone.size() > MAX_MEMBERS) {
            throw ApiException.validation("a room has at most " + MAX_MEMBERS + " members");
        }
        Instant now = now();
        Room room = new Room();
        room.id = UUID.randomUUID();
        room.name = trimmedName;
        room.ownerId = ownerId;
        room.createdAt = now;
        room.lastActivityAt = now;
        room.version = 1;
        List<String> memberList = List.copyOf(everyone);
        return Panache.withTransaction(() -> rooms.persist(room)
                .chain(() -> members.persist(memberList.stream().map(userId -> RoomMember.of(room.id, userId, now))))
                .chain(() -> events.publish(new RoomCreated(room.id.toString(), room.name, ownerId, memberList,
                        room.version, now)))
                .map(published -> RoomViews.details(room, memberList)));
    }

    public Uni<List<RoomSummary>> roomsOf(String userId) {
        return Panache.withSession(() -> rooms.roomsOf(userId)
                .chain(found -> members.memberIds(found.stream().map(room -> room.id).toList())
                        .map(byRoom -> found.stream()
                                .map(room -> RoomViews.summary(room, byRoom.getOrDefault(room.id, List.of()).size()))
                                .toList())));
    }

    /** A room as its members see it: 404 when it does not exist, 403 for non-members. */
    public Uni<RoomDetails> roomFor(String userId, String roomId) {
        UUID id = validRoomId(roomId);
        return Panache.withSession(() -> existing(rooms.findById(id), roomId)
                .chain(room -> members.memberIds(id).map(memberIds -> {
                    if (!memberIds.contains(userId)) {
                        throw ApiException.forbidden("you are not a member of room " + roomId);
                    }
                    return RoomViews.details(room, memberIds);
                })));
    }

    /** The owner adds a member; adding someone who already is one changes nothing. */
    public Uni<RoomDetails> addMember(String actorId, String roomId, String userId) {
        UUID id = validRoomId(roomId);
        String newMember = validUserId(userId);
        return Panache.withTransaction(() -> existing(rooms.findForUpdate(id), roomId).chain(room -> {
            if (!room.ownerId.equals(actorId)) {
                throw ApiException.forbidden("only the owner of room " + roomId + " adds members");
            }
            return members.memberIds(id).chain(current -> {
                if (current.contains(newMember)) {
                    return Uni.createFrom().item(RoomViews.details(room, current));
                }
                if (current.size() >= MAX_MEMBERS) {
                    throw ApiException.validation("a room has at most " + MAX_MEMBERS + " members");
                }
                Instant now = now();
                room.version++;
                List<String> updated = new ArrayList<>(current);
                updated.add(newMember);
                return members.persist(RoomMember.of(id, newMember, now))
                        .chain(() -> events.publish(new MemberAdded(roomId, newMember, actorId, room.version, now)))
                        .map(published -> RoomViews.details(room, updated));
            });
        }));
    }

    /** The owner removes a member, or a member leaves. The owner cannot leave their own room. */
    public Uni<Void> removeMember(String actorId, String roomId, String userId) {
        UUID id = validRoomId(roomId);
        validUserId(userId);
        return Panache.withTransaction(() -> existing(rooms.findForUpdate(id), roomId).chain(room -> {
            if (!room.ownerId.equals(actorId) && !actorId.equals(userId)) {
                throw ApiException.forbidden("only the owner removes others from room " + roomId);
            }
            if (room.ownerId.equals(userId)) {
                throw ApiException.validation("the owner cannot leave their room");
            }
            return members.findById(new RoomMember.Key(id, userId)).chain(member -> {
                if (member == null) {
                    throw ApiException.notFound(userId + " is not a member of room " + roomId);
                }
                Instant now = now();
                room.version++;
                return members.delete(member)
                        .chain(() -> events.publish(new MemberRemoved(roomId, userId, actorId, room.version, now)));
            });
        }));
    }

    /** The membership snapshot other services start from (internal API). */
    public Uni<RoomMembership> membership(String roomId) {
        UUID id = validRoomId(roomId);
        return Panache.withSession(() -> existing(rooms.findById(id), roomId)
                .chain(room -> members.memberIds(id).map(memberIds -> RoomViews.membership(room, memberIds))));
    }

    private static Uni<Room> existing(Uni<Room> lookup, String roomId) {
        return lookup.onItem().ifNull().failWith(() -> ApiException.notFound("room " + roomId + " does not exist"));
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.validation("name must not be empty");
        }
        MessageRules.textViolation("name", name).ifPresent(violation -> {
            throw ApiException.validation(violation);
        });
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiException.validation("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    private static String validUserId(String userId) {
        MessageRules.idViolation("userId", userId).ifPresent(violation -> {
            throw ApiException.validation(violation);
        });
        return userId;
    }

    private static UUID validRoomId(String roomId) {
        try {
            return UUID.fromString(roomId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound("room " + roomId + " does not exist");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
