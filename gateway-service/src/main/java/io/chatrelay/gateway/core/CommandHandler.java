package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.gateway.session.ClientSession;
import io.smallrye.mutiny.Uni;

import java.util.Set;

/** Handles one client event. Fails with {@link CommandException} for anything the client should be told. */
public interface CommandHandler {

    /** The client event names this handler answers to. */
    Set<String> events();

    /** Which per-user limit a command of this handler counts against. */
    default RateLimiter.Kind rateLimit() {
        return RateLimiter.Kind.OTHER;
    }

    /**
     * @param event the client event name (one of {@link #events()})
     * @return the acknowledgement payload
     */
    Uni<Object> handle(ClientSession session, String event, JsonNode data);
}
