package io.chatrelay.contracts.presence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a gateway tells presence-service on {@code presence.commands}; the {@code type} property names the kind.
 * Session records are keyed by user id (one user's opens and closes stay in order), gateway records by
 * gateway id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = UserSessionOpened.class, name = UserSessionOpened.TYPE),
        @JsonSubTypes.Type(value = UserSessionClosed.class, name = UserSessionClosed.TYPE),
        @JsonSubTypes.Type(value = GatewayHeartbeat.class, name = GatewayHeartbeat.TYPE),
        @JsonSubTypes.Type(value = GatewayStopped.class, name = GatewayStopped.TYPE)
})
public sealed interface PresenceCommand permits UserSessionOpened, UserSessionClosed, GatewayHeartbeat, GatewayStopped {

    /** The gateway that holds the session(s) concerned. */
    String gatewayId();

    /** The Kafka key of the record. */
    @JsonIgnore
    String key();
}
