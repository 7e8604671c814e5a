package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.MessageCommand;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.service.MessageService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code message.commands}. The offset is committed only after the resulting event is on
 * {@code message.events}, so a crash in between replays the command, and idempotency keys make the replay
 * harmless.
 */
@ApplicationScoped
public class MessageCommandConsumer {

    private static final Logger LOG = Logger.getLogger(MessageCommandConsumer.class);

    private final MessageService messageService;
    private final MessageEventPublisher publisher;

    public MessageCommandConsumer(MessageService messageService, MessageEventPublisher publisher) {
        this.messageService = messageService;
        this.publisher = publisher;
    }

    @Incoming("message-commands")
    public Uni<Void> consume(MessageCommand command) {
        if (command == null) {
            LOG.warn("skipped an unreadable record on message.commands");
            return Uni.createFrom().voidItem();
        }
        if (command instanceof SendMessage send) {
            return messageService.send(send).chain(event -> publisher.publish(send.conversationId(), event));
        }
        LOG.warnf("skipped an unknown command %s", command.getClass().getSimpleName());
        return Uni.createFrom().voidItem();
    }
}
