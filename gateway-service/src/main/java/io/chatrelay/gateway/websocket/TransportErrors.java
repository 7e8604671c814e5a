package io.chatrelay.gateway.websocket;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpClosedException;
import org.jboss.logging.Logger;

/** What a transport failure means for the socket: the documented close codes. */
final class TransportErrors {

    /** RFC 6455: the message is too big to process. */
    static final int CLOSE_MESSAGE_TOO_BIG = 1009;
    /** RFC 6455: the server met an unexpected condition. */
    static final int CLOSE_INTERNAL_ERROR = 1011;

    private static final Logger LOG = Logger.getLogger(TransportErrors.class);

    private TransportErrors() {
    }

    static void closeFor(Throwable failure, WebSocketConnection connection) {
        CloseReason reason;
        if (failure instanceof HttpClosedException) {
            LOG.debugf("socket %s is gone: %s", connection.id(), failure.getMessage());
            return; // the connection closed under a read or write: nothing left to close
        }
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            // the client broke the websocket framing (a frame over the size limit, say): Netty has already answered
            // with the fitting close code (1009 for a frame over the limit)
            LOG.debugf("closing socket %s after a bad frame: %s", connection.id(), failure.getMessage());
            reason = new CloseReason(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else if (isMessageTooBig(failure)) {
            reason = new CloseReason(CLOSE_MESSAGE_TOO_BIG, "message too big");
        } else {
            LOG.warnf(failure, "closing socket %s after an unexpected error", connection.id());
            reason = new CloseReason(CLOSE_INTERNAL_ERROR, "internal error");
        }
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ignored -> {
            }, closeFailure -> LOG.debugf("close of %s failed: %s", connection.id(), closeFailure.getMessage()));
        }
    }

    /** Vert.x refuses a message over the configured max-message-size with this exception. */
    private static boolean isMessageTooBig(Throwable failure) {
        return failure instanceof IllegalStateException
                && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }
}
