package io.chatrelay.message.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * message-service's copy of a room (room-service owns it), as of {@code version}. Read-only here: the room
 * repository writes it with versioned statements.
 */
@Entity
@Table(name = "rooms")
public class Room {

    @Id
    @Column(name = "room_id")
    public String roomId;

    @Column(nullable = false)
    public String name;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
