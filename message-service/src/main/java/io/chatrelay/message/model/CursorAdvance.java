package io.chatrelay.message.model;

/** The cursor after an advance, and whether this advance moved it. */
public record CursorAdvance(long upToSeq, boolean moved) {

    public static final CursorAdvance NONE = new CursorAdvance(0, false);
}
