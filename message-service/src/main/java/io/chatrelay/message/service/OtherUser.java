package io.chatrelay.message.service;

import io.chatrelay.contracts.message.MessageRules;

import java.util.Optional;

/** The rule for naming the other participant of a direct conversation: a valid id that is not the caller's. */
final class OtherUser {

    private OtherUser() {
    }

    static Optional<String> violation(String field, String userId, String otherUserId) {
        return MessageRules.idViolation(field, otherUserId)
                .or(() -> otherUserId.equals(userId) ? Optional.of(field + " must be another user") : Optional.empty());
    }
}
