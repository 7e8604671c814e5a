package io.chatrelay.presence.redis;

/**
 * The Redis keys of presence. One Redis primary (or a Sentinel group) holds them all: the scripts touch keys
 * of a user and of a gateway together, which Redis Cluster would refuse across slots.
 */
final class PresenceKeys {

    static final String USER_PREFIX = "presence:user:";
    /** zset gatewayId → the time its heartbeat expires (epoch ms). */
    static final String GATEWAY_EXPIRY = "presence:gateways:expiry";
    /** set of the gateways whose sessions Redis holds completely. */
    static final String SYNCED_GATEWAYS = "presence:gateways:synced";
    /** hash gatewayId → its last heartbeat (epoch ms), the last-seen time of users it held if it dies. */
    static final String GATEWAY_HEARD_AT = "presence:gateways:heard-at";
    /** A random value written once into an empty Redis: when it changes, Redis lost its data. */
    static final String EPOCH = "presence:epoch";

    private PresenceKeys() {
    }

    /** hash sessionId → gatewayId */
    static String userSessions(String userId) {
        return USER_PREFIX + userId + ":sessions";
    }

    /** epoch ms of the moment the user's last session went */
    static String userLastSeen(String userId) {
        return USER_PREFIX + userId + ":last-seen";
    }

    /** set of the users who share a conversation with the user */
    static String userContacts(String userId) {
        return USER_PREFIX + userId + ":contacts";
    }

    /** hash sessionId → userId */
    static String gatewaySessions(String gatewayId) {
        return "presence:gateway:" + gatewayId + ":sessions";
    }

    /** set of the rooms the user is a member of */
    static String userRooms(String userId) {
        return USER_PREFIX + userId + ":rooms";
    }

    static final String ROOM_PREFIX = "presence:room:";
    static final String ROOM_MEMBERS_SUFFIX = ":members";

    /** set of the members of a room */
    static String roomMembers(String roomId) {
        return ROOM_PREFIX + roomId + ROOM_MEMBERS_SUFFIX;
    }

    static final String REBUILT_PREFIX = "presence:projections:";
    static final String REBUILT_SUFFIX = ":rebuilt";

    /**
     * set of "topic:partition": the partitions whose records the projections (contacts, room rosters) hold
     * completely since Redis got this epoch. Lost with the epoch, so a mark of an older epoch never counts.
     */
    static String rebuiltPartitions(String epoch) {
        return REBUILT_PREFIX + epoch + REBUILT_SUFFIX;
    }
}
