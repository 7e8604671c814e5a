package io.chatrelay.presence.messaging;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * A record whose Redis work fails (Redis restarting, failing over) is retried with back-off before the
 * consumer moves on, so a short outage loses nothing. After that it is skipped with an error: gateways'
 * heartbeats and re-announcing repair what a skipped record left wrong.
 */
final class RedisRetry {

    private static final Logger LOG = Logger.getLogger(RedisRetry.class);
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    private RedisRetry() {
    }

    static Uni<Void> withRetry(Uni<Void> work, String what) {
        return work.onFailure().retry().withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF).expireIn(GIVE_UP_AFTER.toMillis())
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf("gave up on %s after %s: %s", what, GIVE_UP_AFTER, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
