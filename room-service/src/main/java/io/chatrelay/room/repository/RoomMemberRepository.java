package io.chatrelay.room.repository;

import io.chatrelay.room.model.RoomMember;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class RoomMemberRepository implements PanacheRepositoryBase<RoomMember, RoomMember.Key> {

    public Uni<List<String>> memberIds(UUID roomId) {
        return list("roomId = ?1 order by joinedAt, userId", roomId)
                .map(members -> members.stream().map(member -> member.userId).toList());
    }

    public Uni<Boolean> isMember(UUID roomId, String userId) {
        return count("roomId = ?1 and userId = ?2", roomId, userId).map(count -> count > 0);
    }

    /** Member ids of several rooms in one query. */
    public Uni<Map<UUID, List<String>>> memberIds(Collection<UUID> roomIds) {
        if (roomIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("roomId in ?1 order by joinedAt, userId", roomIds)
                .map(members -> members.stream().collect(Collectors.groupingBy(member -> member.roomId,
                        Collectors.mapping(member -> member.userId, Collectors.toList()))));
    }
}
