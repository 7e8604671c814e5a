package io.chatrelay.contracts;

/** Kafka topic names. Partition counts and retention live in deploy/local/topics.txt and docs/EVENTS.md. */
public final class Topics {

    /** Commands from the gateways to message-service, keyed by conversation id. */
    public static final String MESSAGE_COMMANDS = "message.commands";

    /** Facts published by message-service (stored messages, rejections), keyed by conversation id. */
    public static final String MESSAGE_EVENTS = "message.events";

    /**
     * Message events routed to the gateways that hold their audience: each gateway reads one partition (its
     * own, chosen at start and registered in the delivery directory). Transient: read from "latest".
     */
    public static final String GATEWAY_DELIVERIES = "gateway.deliveries";

    /** Sessions opened/closed (keyed by user id) and heartbeats (keyed by gateway id), gateways to presence-service. */
    public static final String PRESENCE_COMMANDS = "presence.commands";

    /** Presence changes (keyed by user id) and re-announce requests, for other services; gateways read {@link #GATEWAY_PRESENCE}. */
    public static final String PRESENCE_EVENTS = "presence.events";

    /**
     * Presence changes routed to the gateways of their audience, and re-announce requests to every gateway (the
     * same partition scheme as {@link #GATEWAY_DELIVERIES}). Transient: read from "latest".
     */
    public static final String GATEWAY_PRESENCE = "gateway.presence";

    /**
     * Typing indicators routed by the typist's gateway to the receiver's (or the room members') gateways, keyed by
     * receiver or room; ephemeral (the same partition scheme as {@link #GATEWAY_DELIVERIES}).
     */
    public static final String GATEWAY_TYPING = "gateway.typing";

    /** Room membership changes published by room-service, keyed by room id. */
    public static final String ROOM_EVENTS = "room.events";

    private Topics() {
    }
}
