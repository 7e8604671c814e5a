package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code userId} went online (first socket on any gateway) or offline (last socket gone). Published once per
 * real change, keyed by user id. {@code lastSeen} is set when offline. Who should be told (those sharing a
 * conversation with {@code userId}) are the users of {@code audience} and the members of the rooms of
 * {@code audienceRooms}: a room of more members than the routing's broadcast limit is named rather than listed,
 * since a list of its members in every change of every member made a crowd's presence cost grow with the square of
 * the room (docs/BENCHMARKS.md, session 15). Gateways deliver to their sockets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceChanged(String userId, PresenceStatus status, Instant lastSeen, Instant changedAt,
                              List<String> audience,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> audienceRooms) implements PresenceEvent {

    public static final String TYPE = "presence_changed";
}
