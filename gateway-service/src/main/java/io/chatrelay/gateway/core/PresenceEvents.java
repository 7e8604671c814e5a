package io.chatrelay.gateway.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatrelay.contracts.presence.PresenceStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** Payloads of the presence events clients get, the same on every protocol. */
public final class PresenceEvents {

    public static final String USER_ONLINE = "user_online";
    public static final String USER_OFFLINE = "user_offline";
    public static final String USER_STATUS_CHANGE = "user_status_change";

    private PresenceEvents() {
    }

    @RegisterForReflection
    public record UserOnline(String userId) {
    }

    @RegisterForReflection
    public record UserOffline(String userId, Instant lastSeen) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record UserStatusChange(String userId, PresenceStatus status, Instant lastSeen) {
    }
}
