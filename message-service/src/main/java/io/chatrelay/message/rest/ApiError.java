package io.chatrelay.message.rest;

/** Every error body of the API: {@code code} is validation, unauthorized, forbidden, not_found or internal. */
public record ApiError(String code, String message) {
}
