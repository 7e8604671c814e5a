package io.chatrelay.presence.rest;

/** The JSON body of every error answer: {@code {"code","message"}}, codes as on the WebSocket. */
public record ApiError(String code, String message) {
}
