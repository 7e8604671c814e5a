package io.chatrelay.presence.redis;

import java.time.Instant;

/** What Redis knows of a user: whether a session is open anywhere, and when the last one closed. */
public record StoredPresence(String userId, boolean online, Instant lastSeen) {
}
