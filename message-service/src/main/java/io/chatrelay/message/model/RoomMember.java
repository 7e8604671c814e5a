package io.chatrelay.message.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A member of a room in message-service's replica. */
@Entity
@Table(name = "room_members")
@IdClass(RoomMember.Key.class)
public class RoomMember {

    @Id
    @Column(name = "room_id")
    public String roomId;

    @Id
    @Column(name = "user_id")
    public String userId;

    public static class Key implements Serializable {

        public String roomId;
        public String userId;

        public Key() {
        }

        public Key(String roomId, String userId) {
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
