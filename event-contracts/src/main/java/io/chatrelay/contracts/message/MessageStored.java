package io.chatrelay.contracts.message;

/**
 * A message is durably stored. {@code duplicate} is true when the command repeated a
 * {@code clientMessageId} the sender had already used: the message is the first one, not a new one.
 */
public record MessageStored(Origin origin, ChatMessage message, boolean duplicate) implements MessageEvent {

    public static final String TYPE = "message_stored";
}
