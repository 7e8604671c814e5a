package io.chatrelay.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.gateway.security.TokenVerifier;
import io.chatrelay.gateway.session.ClientSession;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

/**
 * {@code refresh_token {token}}: a fresher token of the same user extends the socket's life, so a long-lived
 * socket need not reconnect when its token is renewed. Ack {@code {ok:true, expiresAt}}.
 */
@ApplicationScoped
public class RefreshTokenHandler implements CommandHandler {

    @RegisterForReflection
    public record Refreshed(boolean ok, Instant expiresAt) {
    }

    private final TokenVerifier verifier;
    private final TokenExpiry expiry;

    public RefreshTokenHandler(TokenVerifier verifier, TokenExpiry expiry) {
        this.verifier = verifier;
        this.expiry = expiry;
    }

    @Override
    public Set<String> events() {
        return Set.of("refresh_token");
    }

    @Override
    public Uni<Object> handle(ClientSession session, String event, JsonNode data) {
        String token = Arguments.requiredText(data, "token");
        return verifier.authenticate(token)
                .onFailure(TokenVerifier.Unauthorized.class)
                .transform(invalid -> new CommandException(ErrorCode.VALIDATION, "the token is not valid: " + invalid.getMessage()))
                .map(user -> {
                    if (!user.userId().equals(session.userId())) {
                        throw new CommandException(ErrorCode.FORBIDDEN, "the token belongs to another user");
                    }
                    session.tokenRefreshed(user.tokenExpiresAt());
                    expiry.schedule(session);
                    return new Refreshed(true, user.tokenExpiresAt());
                });
    }
}
