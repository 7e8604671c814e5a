package io.chatrelay.message.messaging;

import io.chatrelay.contracts.message.CatchUpDelivered;
import io.chatrelay.contracts.message.CommandResult;
import io.chatrelay.contracts.message.MarkDelivered;
import io.chatrelay.contracts.message.MarkRead;
import io.chatrelay.contracts.message.MessageCommand;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.message.messaging.CommandMetrics.Work;
import io.chatrelay.message.service.CursorPosition;
import io.chatrelay.message.service.CursorService;
import io.chatrelay.message.service.CursorService.CatchUpOutcome;
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
import java.util.function.Function;

/**
 * Consumes {@code message.commands} a poll at a time (a batch of records, in partition order), in runs of
 * consecutive commands written together. Sends and delivery receipts, which come in bulk, form one kind of run,
 * stored with one transaction per kind, both at once (a receipt only ever names a message stored before it);
 * catch-ups (devices connecting, often in crowds) another, one transaction; read receipts, which look at "the
 * latest message", are handled one at a time. A catch-up or read receipt also looks at the latest messages, so
 * it never joins a run of sends. The offsets are committed only after the resulting events are on {@code message.events}, so a crash in
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
    private final CommandMetrics metrics;

    public MessageCommandConsumer(MessageService messageService, CursorService cursorService,
                                  MessageEventPublisher publisher, CommandMetrics metrics) {
        this.messageService = messageService;
        this.cursorService = cursorService;
        this.publisher = publisher;
        this.metrics = metrics;
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
            metrics.commandTaken(record.timestamp());
            MessageCommand command = record.value();
            Received received = new Received(command, batch.getMetadataForRecord(record, TracingMetadata.class));
            if (command == null) {
                LOG.warn("skipped an unreadable record on message.commands");
                continue;
            }
            if (!run.isEmpty() && kindOfRun(run.get(0).command()) != kindOfRun(command)) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(received);
        }
        runs.add(run);
        return Multi.createFrom().iterable(runs)
                .filter(commands -> !commands.isEmpty())
                .onItem().transformToUniAndConcatenate(this::handle)
                .collect().last()
                .replaceWithVoid();
    }

    /** How commands group into runs that are stored together; a read receipt is a run of its own. */
    private enum RunKind { SENDS_AND_RECEIPTS, CATCH_UPS, SINGLE }

    private static RunKind kindOfRun(MessageCommand command) {
        if (command instanceof SendMessage || command instanceof MarkDelivered) {
            return RunKind.SENDS_AND_RECEIPTS;
        }
        return command instanceof CatchUpDelivered ? RunKind.CATCH_UPS : RunKind.SINGLE;
    }

    private Uni<Void> handle(List<Received> run) {
        switch (kindOfRun(run.get(0).command())) {
            case CATCH_UPS:
                return catchUp(run);
            case SINGLE:
                return Multi.createFrom().iterable(run)
                        .onItem().transformToUniAndConcatenate(received -> handleOne(received.command()))
                        .collect().last()
                        .replaceWithVoid();
            default:
                List<Received> sends = run.stream()
                        .filter(received -> received.command() instanceof SendMessage).toList();
                List<Received> receipts = run.stream()
                        .filter(received -> received.command() instanceof MarkDelivered).toList();
                // Side by side, each in its own transaction: a receipt names a message whose stored event was
                // already published (a gateway delivered it), so it never depends on a send of the same run, and
                // receipts move cursor rows that sends do not lock.
                return Uni.combine().all().unis(
                                sends.isEmpty() ? Uni.createFrom().voidItem() : send(sends),
                                receipts.isEmpty() ? Uni.createFrom().voidItem() : markDelivered(receipts))
                        .discardItems();
        }
    }

    /** A catch-up spans conversations: its result names none and carries no cursor. */
    private Uni<Void> catchUp(List<Received> catchUps) {
        return storeThenPublish(Work.CATCH_UPS, cursorService.catchUpDeliveredAll(catchUps.stream()
                        .map(received -> (CatchUpDelivered) received.command()).toList()),
                outcomes -> {
                    List<Uni<Void>> published = new ArrayList<>();
                    for (int i = 0; i < outcomes.size(); i++) {
                        CatchUpOutcome outcome = outcomes.get(i);
                        TracingMetadata trace = catchUps.get(i).trace();
                        outcome.delivered().forEach(event ->
                                published.add(publisher.publish(event.conversationId(), event, trace)));
                        if (outcome.catchUp().origin() != null) {
                            published.add(publisher.publish(outcome.catchUp().key(),
                                    result(outcome.catchUp(), (Long) null, outcome.refusal()), trace));
                        }
                    }
                    return all(published);
                });
    }

    private Uni<Void> send(List<Received> sends) {
        return storeThenPublish(Work.SENDS,
                messageService.sendAll(sends.stream().map(received -> (SendMessage) received.command()).toList()),
                answers -> {
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
        return storeThenPublish(Work.RECEIPTS, cursorService.markDeliveredAll(receipts.stream()
                        .map(received -> (MarkDelivered) received.command()).toList()),
                outcomes -> {
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

    /** Stores a run, then publishes what came of it, timing both (the store is subscribed to here, lazily). */
    private <T> Uni<Void> storeThenPublish(Work work, Uni<T> store, Function<T, Uni<Void>> publish) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return store.chain(stored -> {
                metrics.runStored(work, started);
                long publishing = System.nanoTime();
                return publish.apply(stored).invoke(() -> metrics.eventsPublished(publishing));
            });
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
