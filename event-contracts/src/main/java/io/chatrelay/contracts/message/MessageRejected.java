package io.chatrelay.contracts.message;

/** A send command that message-service refused or could not store: nothing was written. */
public record MessageRejected(Origin origin, String senderId, String clientMessageId, String code, String reason)
        implements MessageEvent {

    public static final String TYPE = "message_rejected";
}
