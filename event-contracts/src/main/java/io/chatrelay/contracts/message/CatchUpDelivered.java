package io.chatrelay.contracts.message;

/**
 * A device of {@code userId} connected: every direct conversation where others wrote to that user since
 * the delivered cursor is now delivered. Keyed by user id (cursor updates are order-independent).
 */
public record CatchUpDelivered(Origin origin, String userId) implements MessageCommand {

    public static final String TYPE = "catch_up_delivered";

    @Override
    public String conversationId() {
        return null;
    }

    @Override
    public String key() {
        return userId;
    }
}
