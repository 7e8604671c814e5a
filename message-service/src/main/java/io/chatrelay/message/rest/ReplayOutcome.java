package io.chatrelay.message.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.message.service.ReplayService;

/** One answer of {@code POST /internal/messages/replays}: the replay, or why this query got none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayOutcome(ReplayService.Replay replay, ApiError error) {
}
