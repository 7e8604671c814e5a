package io.chatrelay.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens that passed verification, until they expire: a client that reconnects presents the token it connected with,
 * and checking its signature again was a fifth of the gateway's event-loop time in a reconnect storm
 * (docs/BENCHMARKS.md, session 12). Only the exact token (by its SHA-256) is found again; a token without an expiry
 * is not kept, nor is a refusal. The least recently used entries go first once {@code capacity} are held.
 */
final class VerifiedTokens {

    private final Map<String, TokenVerifier.AuthenticatedUser> byDigest;

    VerifiedTokens(int capacity) {
        this.byDigest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenVerifier.AuthenticatedUser> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The user of a token verified before, while it has not expired (null otherwise). */
    TokenVerifier.AuthenticatedUser find(String token, Instant now) {
        String digest = digest(token);
        synchronized (byDigest) {
            TokenVerifier.AuthenticatedUser user = byDigest.get(digest);
            if (user == null) {
                return null;
            }
            if (!user.tokenExpiresAt().isAfter(now)) {
                byDigest.remove(digest);
                return null;
            }
            return user;
        }
    }

    void remember(String token, TokenVerifier.AuthenticatedUser user) {
        if (user.tokenExpiresAt() == null) {
            return;
        }
        String digest = digest(token);
        synchronized (byDigest) {
            byDigest.put(digest, user);
        }
    }

    /** 32 bytes as a compact (Latin-1) string: a map key of ~80 bytes however long the token. */
    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new String(hash, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", unavailable);
        }
    }
}
