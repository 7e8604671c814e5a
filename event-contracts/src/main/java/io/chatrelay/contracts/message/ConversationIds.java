package io.chatrelay.contracts.message;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Conversation ids that every service derives the same way. */
public final class ConversationIds {

    private ConversationIds() {
    }

    /** The id of the direct conversation between two users: the same whichever of them asks. */
    public static String direct(String userId, String otherUserId) {
        String first = userId.compareTo(otherUserId) <= 0 ? userId : otherUserId;
        String second = first.equals(userId) ? otherUserId : userId;
        byte[] name = ("direct\u0000" + first + "\u0000" + second).getBytes(StandardCharsets.UTF_8);
        return "d-" + UUID.nameUUIDFromBytes(name);
    }

    /** The id of a room's conversation. */
    public static String room(String roomId) {
        return "r-" + roomId;
    }

    public static boolean isRoom(String conversationId) {
        return conversationId.startsWith("r-");
    }
}
