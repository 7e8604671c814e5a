package io.chatrelay.contracts.routing;

import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessagesDelivered;
import io.chatrelay.contracts.message.MessagesRead;
import io.chatrelay.contracts.message.Origin;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who a message event is for, as the gateways deliver it: the users whose sockets get it, and the room whose
 * members get it (null for a direct conversation). The gateway waiting for the command ({@link Origin}) gets
 * it as well.
 */
public record MessageAudience(List<String> userIds, String roomId) {

    public static MessageAudience of(MessageEvent event) {
        if (event instanceof MessageStored stored && stored.message() != null) {
            ChatMessage message = stored.message();
            return message.roomId() != null
                    ? new MessageAudience(List.of(message.senderId()), message.roomId())
                    : new MessageAudience(users(message.senderId(), message.receiverId()), null);
        }
        if (event instanceof MessagesDelivered delivered) {
            return new MessageAudience(users(delivered.otherUserId()), null);
        }
        if (event instanceof MessagesRead read) {
            return read.roomId() != null
                    ? new MessageAudience(List.of(), read.roomId())
                    : new MessageAudience(users(read.userId(), read.otherUserId()), null);
        }
        // rejections and command results: only the socket waiting for them
        return new MessageAudience(List.of(), null);
    }

    private static List<String> users(String... userIds) {
        return Arrays.stream(userIds).filter(Objects::nonNull).distinct().toList();
    }
}
