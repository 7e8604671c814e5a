package io.chatrelay.message.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A direct pair (user_a &lt; user_b) or a room, with its sequence counter and latest activity. */
@Entity
@Table(name = "conversations")
public class Conversation {

    public static final String DIRECT = "direct";
    public static final String ROOM = "room";

    @Id
    public String id;

    @Column(nullable = false)
    public String kind;

    @Column(name = "user_a")
    public String userA;

    @Column(name = "user_b")
    public String userB;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    public boolean hasParticipant(String userId) {
        return userId != null && (userId.equals(userA) || userId.equals(userB));
    }

    /** The participant of a direct conversation who is not {@code userId}. */
    public String otherParticipant(String userId) {
        return userId.equals(userA) ? userB : userA;
    }
}
