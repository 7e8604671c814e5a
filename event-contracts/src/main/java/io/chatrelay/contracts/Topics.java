package io.chatrelay.contracts;

/** Kafka topic names. Partition counts and retention live in deploy/local/topics.txt and docs/EVENTS.md. */
public final class Topics {

    /** Commands from the gateways to message-service, keyed by conversation id. */
    public static final String MESSAGE_COMMANDS = "message.commands";

    /** Facts published by message-service (stored messages, rejections), keyed by conversation id. */
    public static final String MESSAGE_EVENTS = "message.events";

    /** Room membership changes published by room-service, keyed by room id. */
    public static final String ROOM_EVENTS = "room.events";

    private Topics() {
    }
}
