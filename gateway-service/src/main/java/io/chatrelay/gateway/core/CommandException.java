package io.chatrelay.gateway.core;

/** A command the gateway answers with an error instead of a result. */
public class CommandException extends RuntimeException {

    private final ErrorCode code;
    private final String clientMessageId;

    public CommandException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public CommandException(ErrorCode code, String message, String clientMessageId) {
        super(message, null, false, false);
        this.code = code;
        this.clientMessageId = clientMessageId;
    }

    public ErrorCode code() {
        return code;
    }

    public String clientMessageId() {
        return clientMessageId;
    }

    public CommandException withClientMessageId(String id) {
        return clientMessageId != null || id == null ? this : new CommandException(code, getMessage(), id);
    }
}
