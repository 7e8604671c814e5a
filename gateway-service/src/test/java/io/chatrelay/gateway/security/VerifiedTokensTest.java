package io.chatrelay.gateway.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

    private final VerifiedTokens verified = new VerifiedTokens(2);

    private static TokenVerifier.AuthenticatedUser user(String id, Instant expiresAt) {
        return new TokenVerifier.AuthenticatedUser(id, id, expiresAt);
    }

    @Test
    void aVerifiedTokenIsFoundAgainUntilItExpires() {
        TokenVerifier.AuthenticatedUser bob = user("bob", NOW.plusSeconds(60));
        verified.remember("token-of-bob", bob);

        assertEquals(bob, verified.find("token-of-bob", NOW));
        assertEquals(bob, verified.find("token-of-bob", NOW.plusSeconds(59)));
        assertNull(verified.find("token-of-bob", NOW.plusSeconds(60)));
        assertNull(verified.find("token-of-bob", NOW), "an expired entry is dropped");
    }

    @Test
    void onlyTheExactTokenIsFound() {
        verified.remember("token-of-bob", user("bob", NOW.plusSeconds(60)));

        assertNull(verified.find("token-of-bob ", NOW));
        assertNull(verified.find("token-of-bo", NOW));
        assertNull(verified.find("another-token", NOW));
    }

    @Test
    void aTokenWithoutExpiryIsNotKept() {
        verified.remember("everlasting", user("bob", null));

        assertNull(verified.find("everlasting", NOW));
    }

    @Test
    void theLeastRecentlyUsedTokenGoesFirstWhenFull() {
        verified.remember("a", user("alice", NOW.plusSeconds(60)));
        verified.remember("b", user("bob", NOW.plusSeconds(60)));
        verified.find("a", NOW);
        verified.remember("c", user("carol", NOW.plusSeconds(60)));

        assertEquals("alice", verified.find("a", NOW).userId());
        assertNull(verified.find("b", NOW));
        assertEquals("carol", verified.find("c", NOW).userId());
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        VerifiedTokens none = new VerifiedTokens(0);
        none.remember("a", user("alice", NOW.plusSeconds(60)));

        assertNull(none.find("a", NOW));
    }
}
