package io.chatrelay.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chatrelay.contracts.message.ChatMessage;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageEvent;
import io.chatrelay.contracts.message.MessageRules;
import io.chatrelay.contracts.message.MessageStatus;
import io.chatrelay.contracts.message.MessageStored;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractsTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void directConversationIdIsTheSameFromEitherSide() {
        assertEquals(ConversationIds.direct("alice", "bob"), ConversationIds.direct("bob", "alice"));
        assertNotEquals(ConversationIds.direct("alice", "bob"), ConversationIds.direct("alice", "carol"));
        // separators inside ids cannot make two different pairs collide
        assertNotEquals(ConversationIds.direct("a:b", "c"), ConversationIds.direct("a", "b:c"));
    }

    @Test
    void messageEventsRoundTripWithTheirTypeAndIsoTimestamps() throws Exception {
        ChatMessage message = new ChatMessage(UUID.randomUUID(), "c-1", "d-x", "alice", "bob", null, "hi",
                MessageType.TEXT, 7, MessageStatus.SENT, Instant.parse("2026-11-25T10:15:30.123456Z"));
        String json = mapper.writeValueAsString(new MessageStored(new Origin("g1", "r1"), message, false));

        assertTrue(json.contains("\"type\":\"message_stored\""), json);
        assertTrue(json.contains("\"createdAt\":\"2026-11-25T10:15:30.123456Z\""), json);
        assertTrue(json.contains("\"type\":\"text\""), json);
        MessageEvent back = mapper.readValue(json, MessageEvent.class);
        assertEquals(message, assertInstanceOf(MessageStored.class, back).message());
    }

    @Test
    void textContentIsLimitedAndAttachmentsMustBeUrls() {
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "hello").isEmpty());
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, " ").isPresent());
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "x".repeat(4001)).isPresent());
        assertTrue(MessageRules.contentViolation(MessageType.EMOJI, "\uD83D\uDE00".repeat(4000)).isEmpty());
        assertTrue(MessageRules.contentViolation(MessageType.IMAGE, "https://cdn.example.com/a.png").isEmpty());
        assertTrue(MessageRules.contentViolation(MessageType.FILE, "not a url").isPresent());
        assertTrue(MessageRules.contentViolation(MessageType.FILE, "ftp://host/file").isPresent());
        // PostgreSQL text cannot hold NUL: refused up front instead of failing the store
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "a\u0000b").isPresent());
        assertTrue(MessageRules.idViolation("receiverId", "bob\u0000").isPresent());
        // nor unpaired surrogates (it would store '?'): refused, while real pairs (emoji) pass
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "x\uD800y").isPresent());
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "x\uDC00").isPresent());
        assertTrue(MessageRules.contentViolation(MessageType.TEXT, "\uDE00\uD83D").isPresent());
        assertTrue(MessageRules.idViolation("receiverId", "bob\uD83D").isPresent());
        assertTrue(MessageRules.textViolation("name", "caf\u00e9 \uD83D\uDE00").isEmpty());
    }
}
