package io.chatrelay.room.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "room_members")
@IdClass(RoomMember.Key.class)
public class RoomMember {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    public static RoomMember of(UUID roomId, String userId, Instant joinedAt) {
        RoomMember member = new RoomMember();
        member.roomId = roomId;
        member.userId = userId;
        member.joinedAt = joinedAt;
        return member;
    }

    public static class Key implements Serializable {
        public UUID roomId;
        public String userId;

        public Key() {
        }

        public Key(UUID roomId, String userId) {
            this.roomId = roomId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(roomId, key.roomId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, userId);
        }
    }
}
