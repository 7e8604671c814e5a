package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.gateway.session.ClientSession;
import io.smallrye.mutiny.Uni;

/** Handles one client event. Fails with {@link CommandException} for anything the client should be told. */
public interface CommandHandler {

    /** The client event names this handler answers to. */
    java.util.Set<String> events();

    /** @return the acknowledgement payload */
    Uni<Object> handle(ClientSession session, JsonNode data);
}
