package io.chatrelay.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * RS256 dev tokens, as {@code deploy/local/token.sh} signs them (iss, sub = upn, name, iat, exp, jti, groups), signed
 * once per user and kept in a cache file next to the other runs' (one RSA signature is ~1 ms: 20,000 users would
 * otherwise cost 20 s of CPU per run). A cached token is reused while it has more than 2 hours left; the file drops the
 * others when it is read, so it holds a few hours of runs (each run has users of its own), not days of them. Only the
 * tokens of this run's users (its user prefix) are kept in memory: a day of storms left 300,000 in the file, more than
 * a small generator's heap.
 */
final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final long TTL_SECONDS = 6 * 3600;
    private static final long MIN_LEFT_SECONDS = 2 * 3600;

    private final PrivateKey key;
    private final String issuer;
    private final Path cacheFile;
    private final String userPrefix;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    Tokens(Path privateKeyPem, String issuer, Path cacheDir, String userPrefix) {
        try {
            String pem = Files.readString(privateKeyPem);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(body);
            this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            this.issuer = issuer;
            this.userPrefix = userPrefix;
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((issuer + "\n" + body).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            Files.createDirectories(cacheDir);
            this.cacheFile = cacheDir.resolve("tokens-" + fingerprint + ".tsv");
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + privateKeyPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PKCS#8 RSA key: " + privateKeyPem, e);
        }
    }

    static Tokens fromOptions(Options o) {
        Path key = o.has("key") ? Path.of(o.str("key", "")) : findUpwards(Path.of("deploy/local/dev-keys/private.pem"));
        Path cache = Path.of(o.str("token-cache", System.getProperty("java.io.tmpdir") + "/chatrelay-load-tokens"));
        return new Tokens(key, o.str("issuer", "https://chat.local/dev"), cache, o.str("user-prefix", "lt") + "-");
    }

    private static Path findUpwards(Path relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above the working directory: pass --key FILE");
    }

    private void load() throws IOException {
        if (!Files.isRegularFile(cacheFile)) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        long dropped = 0;
        // replaced whole, not rewritten in place: the worker processes read it at the same time
        Path compacted = Files.createTempFile(cacheFile.getParent(), "tokens", ".tmp");
        try (Stream<String> lines = Files.lines(cacheFile);
             BufferedWriter kept = Files.newBufferedWriter(compacted)) {
            for (String line : (Iterable<String>) lines::iterator) {
                String[] parts = line.split("\t");
                if (parts.length != 3 || Long.parseLong(parts[1]) - now <= MIN_LEFT_SECONDS) {
                    dropped++;
                    continue;
                }
                kept.write(line);
                kept.newLine();
                if (parts[0].startsWith(userPrefix)) {
                    cache.put(parts[0], parts[2]);
                }
            }
        }
        if (dropped > 0) {
            Files.move(compacted, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.delete(compacted);
        }
    }

    /** Makes sure every user has a token (signing the missing ones on all cores) and saves new ones. */
    void prepare(List<String> users) {
        List<String> missing = users.stream().filter(u -> !cache.containsKey(u)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long exp = System.currentTimeMillis() / 1000 + TTL_SECONDS;
        List<String> lines = missing.parallelStream().map(user -> {
            String token = sign(user, exp);
            cache.put(user, token);
            return user + "\t" + exp + "\t" + token;
        }).toList();
        try {
            Files.write(cacheFile, new ArrayList<>(lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Log.info("signed %d tokens in %d ms (cached in %s)", missing.size(), (System.nanoTime() - started) / 1_000_000, cacheFile);
    }

    String of(String user) {
        String token = cache.get(user);
        if (token == null) {
            prepare(List.of(user));
            token = cache.get(user);
        }
        return token;
    }

    private String sign(String user, long exp) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":" + Json.str(issuer) + ",\"sub\":" + Json.str(user) + ",\"upn\":" + Json.str(user)
                + ",\"name\":" + Json.str(user) + ",\"iat\":" + now + ",\"exp\":" + exp
                + ",\"jti\":\"" + UUID.randomUUID() + "\",\"groups\":[\"user\"]}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
