package io.chatrelay.testing;

import io.smallrye.jwt.build.Jwt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

/** Signs tokens with the dev-only key pair in deploy/local/dev-keys, as deploy/local/token.sh does. */
public final class TestTokens {

    public static final String ISSUER = "https://chat.local/dev";

    private TestTokens() {
    }

    public static String forUser(String userId) {
        return forUser(userId, userId, Duration.ofHours(1));
    }

    public static String forUser(String userId, String displayName, Duration validFor) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(userId)
                .claim("name", displayName)
                .groups("user")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(validFor))
                .sign(devKeysDir().resolve("private.pem").toString());
    }

    /** A well-formed token signed by a key the services do not trust. */
    public static String forgedFor(String userId) {
        return Jwt.issuer(ISSUER).subject(userId).upn(userId).expiresIn(3600)
                .sign(foreignKey());
    }

    private static PrivateKey foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path devKeysDir() {
        String configured = System.getProperty("dev.keys.dir");
        Path dir = configured != null ? Path.of(configured) : findUpwards(Path.of("deploy/local/dev-keys"));
        if (!Files.isRegularFile(dir.resolve("private.pem"))) {
            throw new IllegalStateException("dev keys not found in " + dir.toAbsolutePath());
        }
        return dir;
    }

    private static Path findUpwards(Path relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(relative))) {
            dir = dir.getParent();
        }
        return dir == null ? relative : dir.resolve(relative);
    }
}
