package io.chatrelay.message.rest;

import io.chatrelay.message.service.ServiceException;

/**
 * Query parameters are read as text and parsed here, so a malformed one is a 400 with our error body
 * (JAX-RS would answer 404 for a query parameter it cannot convert).
 */
final class QueryParams {

    private QueryParams() {
    }

    static Integer optionalInt(String name, String value) {
        Long parsed = optionalLong(name, value);
        if (parsed != null && (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE)) {
            throw ServiceException.validation(name + " is out of range: " + value);
        }
        return parsed == null ? null : parsed.intValue();
    }

    static Long optionalLong(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ServiceException.validation(name + " must be an integer, got '" + value + "'");
        }
    }
}
