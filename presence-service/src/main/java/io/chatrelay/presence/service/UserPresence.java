package io.chatrelay.presence.service;

import io.chatrelay.contracts.presence.PresenceStatus;

import java.time.Instant;

/** One user's presence as {@code GET /api/presence} returns it; {@code lastSeen} is null while online or unknown. */
public record UserPresence(String userId, PresenceStatus status, Instant lastSeen) {
}
