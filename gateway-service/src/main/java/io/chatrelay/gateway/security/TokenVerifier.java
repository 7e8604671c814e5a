package io.chatrelay.gateway.security;

import io.chatrelay.gateway.core.GatewayConfig;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/**
 * Checks a token presented after the upgrade (a Socket.IO CONNECT, a refresh_token event) with the same verification
 * settings ({@code mp.jwt.verify.*}) as the upgrade of {@code /ws}.
 */
@ApplicationScoped
public class TokenVerifier {

    /** Who is on a socket: the token's {@code sub}, and its {@code name} claim (the subject when absent). */
    public record AuthenticatedUser(String userId, String displayName, Instant tokenExpiresAt) {
    }

    /** A token that is missing, malformed, expired, wrongly signed or without a subject. */
    public static final class Unauthorized extends RuntimeException {
        Unauthorized(String reason) {
            super(reason, null, false, false);
        }
    }

    private final JWTParser parser;
    private final Vertx vertx;
    private final boolean keyInAFile;
    private final VerifiedTokens verified;

    public TokenVerifier(JWTParser parser, Vertx vertx,
                         @ConfigProperty(name = "mp.jwt.verify.publickey.location", defaultValue = "")
                         String keyLocation, GatewayConfig config) {
        this.parser = parser;
        this.vertx = vertx;
        this.verified = new VerifiedTokens(Math.max(0, config.verifiedTokens()));
        this.keyInAFile = keyLocation.startsWith("file:") || keyLocation.startsWith("classpath:")
                || keyLocation.startsWith("/");
    }

    /**
     * Verifies on the caller's thread when the key is a file ({@code JWT_PUBLIC_KEY_LOCATION}: read once, then the
     * check is CPU alone), on a worker thread otherwise (a JWKS URL is fetched and refreshed with blocking calls);
     * completes on the caller's Vert.x context either way. Every connect of a reconnect storm otherwise went to a
     * worker thread and back. A token verified before is found again until it expires ({@link VerifiedTokens}).
     *
     * @return the user, or a failure with {@link Unauthorized}
     */
    public Uni<AuthenticatedUser> authenticate(String token) {
        AuthenticatedUser known = token == null ? null : verified.find(token, Instant.now());
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (keyInAFile) {
            return Uni.createFrom().item(() -> verify(token));
        }
        Context context = vertx.getOrCreateContext();
        return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> verify(token), false)
                .toCompletionStage());
    }

    private AuthenticatedUser verify(String token) {
        if (token == null || token.isBlank()) {
            throw new Unauthorized("no token");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException invalid) {
            throw new Unauthorized(invalid.getMessage());
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new Unauthorized("the token has no subject");
        }
        String name = jwt.getClaim("name");
        AuthenticatedUser user = new AuthenticatedUser(subject, name != null ? name : subject,
                TokenClaims.expiresAt(jwt));
        verified.remember(token, user);
        return user;
    }
}
