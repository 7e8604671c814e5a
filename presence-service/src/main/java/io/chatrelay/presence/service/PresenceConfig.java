package io.chatrelay.presence.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "presence")
public interface PresenceConfig {

    /** How often expired gateways are looked for (and the Redis epoch checked). */
    @WithDefault("2s")
    Duration sweepInterval();

    /** Gateways declare their heartbeat TTL; it is kept within these bounds. */
    @WithDefault("1s")
    Duration minGatewayTtl();

    @WithDefault("5m")
    Duration maxGatewayTtl();

    /** TTL of a gateway heard of through a session before any heartbeat of it. */
    @WithDefault("30s")
    Duration defaultGatewayTtl();

    /**
     * After this service starts, gateways that had already expired before it started are left alone this long:
     * their heartbeats may still be waiting in Kafka after an outage of presence-service.
     */
    @WithDefault("10s")
    Duration startupGrace();

    /** Sessions dropped per Redis script call when a gateway dies. */
    @WithDefault("500")
    int dropPageSize();

    /**
     * After Redis lost its data, a presence change waits at most this long for the contacts and room rosters to be
     * rebuilt from Kafka before it is published (then with what is rebuilt so far, and a warning).
     */
    @WithDefault("30s")
    Duration audienceRebuildWait();

    /** At most this many users in one {@code GET /api/presence}. */
    @WithDefault("200")
    int maxQueryUsers();
}
