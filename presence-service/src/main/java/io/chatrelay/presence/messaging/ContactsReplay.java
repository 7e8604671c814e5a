package io.chatrelay.presence.messaging;

import io.chatrelay.contracts.Topics;
import io.chatrelay.presence.redis.RebuildMarks;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Singleton;

/** Rebuilds the contacts projection from {@code message.events}. A singleton: its base class cannot be proxied. */
@Singleton
@Identifier(ContactsReplay.NAME)
public class ContactsReplay extends ProjectionReplay {

    public static final String NAME = "contacts-replay";

    public ContactsReplay(KafkaClientService kafka, RebuildMarks marks) {
        super(kafka, marks, ContactsConsumer.CHANNEL, Topics.MESSAGE_EVENTS);
    }
}
