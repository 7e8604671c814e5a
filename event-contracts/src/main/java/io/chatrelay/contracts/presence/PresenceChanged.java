package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code userId} went online (first socket on any gateway) or offline (last socket gone). Published once per
 * real change, keyed by user id. {@code lastSeen} is set when offline. {@code audience} are the users who
 * should be told (those sharing a conversation with {@code userId}): gateways deliver to their sockets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceChanged(String userId, PresenceStatus status, Instant lastSeen, Instant changedAt,
                              List<String> audience) implements PresenceEvent {

    public static final String TYPE = "presence_changed";
}
