package io.chatrelay.gateway.core;

import io.chatrelay.contracts.redis.RedisPipeline;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Per-user limits shared by every gateway: one counter per user, kind and window in Redis, counted and given its
 * expiry in one round trip (a script: no counter is ever left without one). When Redis cannot answer, requests are
 * let through (logged): chat stays up while the limiter is down.
 */
@ApplicationScoped
public class RateLimiter {

    public enum Kind {
        SEND, TYPING, OTHER, REST
    }

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String COUNT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return count""";

    private final RedisPipeline redis;
    private final RateLimitConfig config;

    public RateLimiter(RedisPipeline redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Completes when allowed; fails with {@code rate_limited} when the user is over the limit. */
    public Uni<Void> acquire(String userId, Kind kind) {
        RateLimitConfig.Limit limit = config.limit(kind);
        if (!config.enabled() || limit.max() <= 0) {
            return Uni.createFrom().voidItem();
        }
        long windowMillis = limit.window().toMillis();
        long window = System.currentTimeMillis() / windowMillis;
        String key = "rl:" + kind.name().toLowerCase() + ":" + userId + ":" + window;
        return redis.send(Request.cmd(Command.EVAL).arg(COUNT).arg(1).arg(key).arg(windowMillis * 2))
                .map(Response::toLong)
                .ifNoItem().after(Duration.ofMillis(500)).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("rate limiter unavailable, letting %s through: %s", userId, failure.getMessage());
                    return 0L;
                })
                .invoke(count -> {
                    if (count > limit.max()) {
                        throw new CommandException(ErrorCode.RATE_LIMITED, "too many " + kind.name().toLowerCase()
                                + " requests: at most " + limit.max() + " per " + limit.window().toSeconds() + " s");
                    }
                })
                .replaceWithVoid();
    }
}
