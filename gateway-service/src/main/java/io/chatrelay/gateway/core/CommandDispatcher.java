package io.chatrelay.gateway.core;

import io.chatrelay.gateway.protocol.InboundCommand;
import io.chatrelay.gateway.session.ClientSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * The one entry point of the core: routes a decoded command to its handler and answers the client the same
 * way on every protocol (an acknowledgement when asked for, {@code message_error} otherwise).
 */
@ApplicationScoped
public class CommandDispatcher {

    public static final String MESSAGE_ERROR = "message_error";

    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final Map<String, CommandHandler> handlers = new HashMap<>();
    private final RateLimiter rateLimiter;
    private final GatewayMetrics metrics;

    public CommandDispatcher(Instance<CommandHandler> allHandlers, RateLimiter rateLimiter, GatewayMetrics metrics) {
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        for (CommandHandler handler : allHandlers) {
            handler.events().forEach(event -> handlers.put(event, handler));
        }
    }

    /**
     * Starts the command and returns at once: a socket's next frame (a pong, another send) never waits for a
     * command that waits on another service. The answer reaches the client through the session.
     */
    public void submit(ClientSession session, InboundCommand command) {
        dispatch(session, command).subscribe().with(ignored -> {
        }, failure -> LOG.warnf(failure, "command %s failed on %s", command.event(), session.id()));
    }

    public Uni<Void> dispatch(ClientSession session, InboundCommand command) {
        CommandHandler handler = handlers.get(command.event());
        metrics.commandReceived(handler == null ? "unknown" : command.event());
        if (handler == null) {
            fail(session, command, new CommandException(ErrorCode.VALIDATION, "unknown event: " + command.event()));
            return Uni.createFrom().voidItem();
        }
        return rateLimiter.acquire(session.userId(), handler.rateLimit())
                .onFailure(CommandException.class).transform(limited -> ((CommandException) limited)
                        .withClientMessageId(command.data().path("clientMessageId").textValue()))
                .chain(() -> Uni.createFrom().deferred(() -> handler.handle(session, command.event(), command.data())))
                .onItem().invoke(reply -> {
                    if (command.wantsAck()) {
                        session.ack(command.ackId(), reply);
                    }
                })
                .onFailure().invoke(failure -> fail(session, command, asCommandException(failure)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Tells the client a frame could not be read at all. */
    public void rejectFrame(ClientSession session, String reason) {
        metrics.commandFailed(ErrorCode.VALIDATION);
        session.emit(MESSAGE_ERROR, new Replies.MessageError(ErrorCode.VALIDATION, reason, null));
    }

    private void fail(ClientSession session, InboundCommand command, CommandException failure) {
        metrics.commandFailed(failure.code());
        if (command.wantsAck()) {
            session.ack(command.ackId(), Replies.Failed.of(failure));
        } else {
            session.emit(MESSAGE_ERROR, Replies.MessageError.of(failure));
        }
    }

    private static CommandException asCommandException(Throwable failure) {
        if (failure instanceof CommandException commandException) {
            return commandException;
        }
        LOG.error("command failed unexpectedly", failure);
        return new CommandException(ErrorCode.INTERNAL, "internal error");
    }
}
