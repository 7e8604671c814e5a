package io.chatrelay.room.rest;

/** The body of every error response: {@code {"code": "...", "message": "..."}}. */
public record ApiError(String code, String message) {
}
