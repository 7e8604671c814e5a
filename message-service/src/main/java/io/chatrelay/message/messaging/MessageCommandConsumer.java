package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.CommandResult;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.MessageCommand;
import io.chatrelay.contracts.message.MessageRejected;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.service.CursorPosition;
import io.chatrelay.message.service.CursorService;
import io.chatrelay.message.service.MessageService;
import io.chatrelay.message.service.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code message.commands}. The offset is committed only after the resulting events are on
 * {@code message.events}, so a crash in between replays the command; idempotency keys and forward-only
 * cursors make the replay harmless. A refused command (or a database failure) is answered, never thrown:
 * {@code message_rejected} for a send, {@code command_result} with a code for the others when a gateway
 * waits for it (non-null origin).
 */
@ApplicationScoped
public class MessageCommandConsumer {

    private static final Logger LOG = Logger.getLogger(MessageCommandConsumer.class);

    private final MessageService messageService;
    private final CursorService cursorService;
    private final MessageEventPublisher publisher;

    public MessageCommandConsumer(MessageService messageService, CursorService cursorService,
                                  MessageEventPublisher publisher) {
        this.messageService = messageService;
        this.cursorService = cursorService;
        this.publisher = publisher;
    }

    @Incoming("message-commands")
    public Uni<Void> consume(MessageCommand command) {
        if (command == null) {
            LOG.warn("skipped an unreadable record on message.commands");
            return Uni.createFrom().voidItem();
        }
        if (command instanceof SendMessage send) {
            return send(send);
        }
        if (command instanceof MarkDelivered delivered) {
            return answer(delivered, cursorService.markDelivered(delivered.origin(), delivered.conversationId(),
                    delivered.userId(), delivered.upToSeq(), delivered.messageId()).map(CursorPosition::upToSeq));
        }
        if (command instanceof MarkRead read) {
            return answer(read, cursorService.markRead(read.origin(), read.conversationId(), read.userId(),
                    read.upToSeq()).map(CursorPosition::upToSeq));
        }
        if (command instanceof CatchUpDelivered catchUp) {
            // a catch-up spans conversations: its result names none and carries no cursor
            return answer(catchUp, cursorService.catchUpDelivered(catchUp.origin(), catchUp.userId())
                    .replaceWith((Long) null));
        }
        LOG.warnf("skipped an unknown command %s", command.getClass().getSimpleName());
        return Uni.createFrom().voidItem();
    }

    /** {@code message_stored} is published by the service; a refusal becomes {@code message_rejected}. */
    private Uni<Void> send(SendMessage command) {
        return messageService.send(command)
                .replaceWithVoid()
                .onFailure(ServiceException.class).recoverWithUni(failure -> {
                    ServiceException refused = (ServiceException) failure;
                    return publisher.publish(command.conversationId(), new MessageRejected(command.origin(),
                            command.senderId(), command.clientMessageId(), refused.code().wireName(),
                            refused.getMessage()));
                });
    }

    /** Answers a waiting gateway with the cursor after the command, or with why it failed. */
    private Uni<Void> answer(MessageCommand command, Uni<Long> cursorAfter) {
        return cursorAfter
                .map(upToSeq -> new CommandResult(command.origin(), command.conversationId(), upToSeq, null, null))
                .onFailure(ServiceException.class).recoverWithItem(failure -> {
                    ServiceException refused = (ServiceException) failure;
                    LOG.debugf("refused %s: %s %s", command, refused.code().wireName(), refused.getMessage());
                    return new CommandResult(command.origin(), command.conversationId(), null,
                            refused.code().wireName(), refused.getMessage());
                })
                .chain(result -> command.origin() == null
                        ? Uni.createFrom().voidItem()
                        : publisher.publish(command.key(), result));
    }
}
