package io.chatrelay.contracts.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a command that changes no message (mark read, mark delivered) when a gateway waits for it:
 * {@code upToSeq} is the cursor after the command, or {@code code}/{@code reason} say why it failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(Origin origin, String conversationId, Long upToSeq, String code, String reason)
        implements MessageEvent {

    public static final String TYPE = "command_result";

    public boolean ok() {
        return code == null;
    }
}
