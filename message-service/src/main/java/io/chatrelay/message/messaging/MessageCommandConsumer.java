package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.CommandResult;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.MessageCommand;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.service.CursorPosition;
import io.chatrelay.message.service.CursorService;
import io.chatrelay.message.service.CursorService.ReceiptOutcome;
import io.chatrelay.message.service.MessageService;
import io.chatrelay.message.service.ServiceException;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code message.commands} a poll at a time (a batch of records, in partition order). Sends and delivery
 * receipts, which come in bulk, are written a batch at a time: a run of them between two other commands is
 * stored with one transaction per kind, sends first (a receipt only ever names a message stored before it). Read
 * receipts and catch-ups, which look at "the latest message", end a run and are handled one at a time, in
 * place. The offsets are committed only after the resulting events are on {@code message.events}, so a crash in
 * between replays the commands; idempotency keys and forward-only cursors make the replay harmless. A refused
 * command (or a database failure) is answered, never thrown: {@code message_rejected} for a send,
 * {@code command_result} with a code for the others when a gateway waits for it (non-null origin).
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

    /** A command with the trace it came with (null when tracing is off), which its answers continue. */
    private record Received(MessageCommand command, TracingMetadata trace) {
    }

    @Incoming("message-commands")
    public Uni<Void> consume(ConsumerRecords<String, MessageCommand> records,
                             IncomingKafkaRecordBatchMetadata<String, MessageCommand> batch) {
        List<List<Received>> runs = new ArrayList<>();
        List<Received> run = new ArrayList<>();
        for (ConsumerRecord<String, MessageCommand> record : records) {
            MessageCommand command = record.value();
            Received received = new Received(command, batch.getMetadataForRecord(record, TracingMetadata.class));
            if (command == null) {
                LOG.warn("skipped an unreadable record on message.commands");
            } else if (command instanceof SendMessage || command instanceof MarkDelivered) {
                run.add(received);
            } else {
                runs.add(run);
                runs.add(List.of(received));
                run = new ArrayList<>();
            }
        }
        runs.add(run);
        return Multi.createFrom().iterable(runs)
                .filter(commands -> !commands.isEmpty())
                .onItem().transformToUniAndConcatenate(this::handle)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> handle(List<Received> run) {
        MessageCommand first = run.get(0).command();
        if (run.size() == 1 && !(first instanceof SendMessage) && !(first instanceof MarkDelivered)) {
            return handleOne(first);
        }
        List<Received> sends = run.stream().filter(received -> received.command() instanceof SendMessage).toList();
        List<Received> receipts = run.stream().filter(received -> received.command() instanceof MarkDelivered).toList();
        return (sends.isEmpty() ? Uni.createFrom().voidItem() : send(sends))
                .chain(() -> receipts.isEmpty() ? Uni.createFrom().voidItem() : markDelivered(receipts));
    }

    private Uni<Void> send(List<Received> sends) {
        return messageService.sendAll(sends.stream().map(received -> (SendMessage) received.command()).toList())
                .chain(answers -> {
                    List<Uni<Void>> published = new ArrayList<>(answers.size());
                    for (int i = 0; i < answers.size(); i++) {
                        SendMessage command = (SendMessage) sends.get(i).command();
                        MessageEvent answer = answers.get(i);
                        String key = answer instanceof MessageStored stored
                                ? stored.message().conversationId()
                                : command.conversationId();
                        published.add(publisher.publish(key, answer, sends.get(i).trace()));
                    }
                    return all(published);
                });
    }

    private Uni<Void> markDelivered(List<Received> receipts) {
        return cursorService.markDeliveredAll(receipts.stream()
                        .map(received -> (MarkDelivered) received.command()).toList())
                .chain(outcomes -> {
                    List<Uni<Void>> published = new ArrayList<>();
                    for (int i = 0; i < outcomes.size(); i++) {
                        ReceiptOutcome outcome = outcomes.get(i);
                        TracingMetadata trace = receipts.get(i).trace();
                        outcome.delivered().ifPresent(event ->
                                published.add(publisher.publish(event.conversationId(), event, trace)));
                        if (outcome.receipt().origin() != null) {
                            published.add(publisher.publish(outcome.receipt().key(),
                                    result(outcome.receipt(), outcome.position(), outcome.refusal()), trace));
                        }
                    }
                    return all(published);
                });
    }

    /** In the given order (Kafka keeps it per conversation); completes once the broker has them all. */
    private static Uni<Void> all(List<Uni<Void>> published) {
        return published.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(published).andFailFast().replaceWithVoid();
    }

    private Uni<Void> handleOne(MessageCommand command) {
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

    /** Answers a waiting gateway with the cursor after the command, or with why it failed. */
    private Uni<Void> answer(MessageCommand command, Uni<Long> cursorAfter) {
        return cursorAfter
                .map(upToSeq -> result(command, upToSeq, null))
                .onFailure(ServiceException.class).recoverWithItem(failure -> result(command, (Long) null,
                        (ServiceException) failure))
                .chain(result -> command.origin() == null
                        ? Uni.createFrom().voidItem()
                        : publisher.publish(command.key(), result));
    }

    private static CommandResult result(MessageCommand command, CursorPosition position, ServiceException refusal) {
        return result(command, position == null ? null : position.upToSeq(), refusal);
    }

    private static CommandResult result(MessageCommand command, Long upToSeq, ServiceException refusal) {
        if (refusal == null) {
            return new CommandResult(command.origin(), command.conversationId(), upToSeq, null, null);
        }
        LOG.debugf("refused %s: %s %s", command, refusal.code().wireName(), refusal.getMessage());
        return new CommandResult(command.origin(), command.conversationId(), null, refusal.code().wireName(),
                refusal.getMessage());
    }
}
