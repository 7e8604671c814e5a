package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.contracts.message.MessageRules;

/** Reads event arguments with errors that name the field at fault. */
final class Arguments {

    private Arguments() {
    }

    static String requiredId(JsonNode data, String field) {
        String value = optionalText(data, field);
        MessageRules.idViolation(field, value).ifPresent(violation -> {
            throw new CommandException(ErrorCode.VALIDATION, violation);
        });
        return value;
    }

    static String optionalId(JsonNode data, String field) {
        String value = optionalText(data, field);
        if (value != null) {
            MessageRules.idViolation(field, value).ifPresent(violation -> {
                throw new CommandException(ErrorCode.VALIDATION, violation);
            });
        }
        return value;
    }

    static String requiredText(JsonNode data, String field) {
        String value = optionalText(data, field);
        if (value == null) {
            throw new CommandException(ErrorCode.VALIDATION, field + " is required");
        }
        return value;
    }

    static String optionalText(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new CommandException(ErrorCode.VALIDATION, field + " must be a string");
        }
        return value.asText();
    }
}
