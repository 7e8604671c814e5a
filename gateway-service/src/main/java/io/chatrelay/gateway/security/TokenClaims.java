package io.chatrelay.gateway.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/** Claims the gateway reads from a verified token. */
public final class TokenClaims {

    private TokenClaims() {
    }

    /** @return the {@code exp} claim, or null for a token that does not expire */
    public static Instant expiresAt(JsonWebToken token) {
        long exp = token.getExpirationTime();
        return exp > 0 ? Instant.ofEpochSecond(exp) : null;
    }
}
