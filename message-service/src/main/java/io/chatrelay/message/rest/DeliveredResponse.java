package io.chatrelay.message.rest;

import java.util.List;

/** The delivered cursors of the caller that moved. */
public record DeliveredResponse(List<Cursor> updated) {

    public record Cursor(String conversationId, long upToSeq) {
    }
}
