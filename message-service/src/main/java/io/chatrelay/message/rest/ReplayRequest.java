package io.chatrelay.message.rest;

import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /internal/messages/replay}: what {@code userId} missed. {@code conversations} maps a conversation
 * id to the last seq the client has seen in it; {@code since} (optional) covers the user's conversations not
 * listed there; {@code limit} (1..1000, default 1000) caps the answer.
 */
public record ReplayRequest(String userId, Map<String, Long> conversations, Instant since, Integer limit) {
}
