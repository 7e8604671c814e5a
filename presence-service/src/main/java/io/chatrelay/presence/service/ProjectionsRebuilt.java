package io.chatrelay.presence.service;

import io.chatrelay.presence.messaging.Projections;
import io.chatrelay.presence.redis.RebuildMarks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;

/**
 * Waits, without blocking, until the contacts and room rosters in Redis are complete: every partition of their
 * topics is marked rebuilt in the epoch Redis holds now. Right after Redis lost its data they are being replayed
 * from Kafka, and an audience read from them then would miss users.
 */
@ApplicationScoped
public class ProjectionsRebuilt {

    private static final Logger LOG = Logger.getLogger(ProjectionsRebuilt.class);
    private static final Duration FIRST_CHECK_AGAIN = Duration.ofMillis(50);
    private static final Duration MAX_CHECK_AGAIN = Duration.ofMillis(500);

    private final RebuildMarks marks;
    private final Projections projections;
    private final PresenceConfig config;

    public ProjectionsRebuilt(RebuildMarks marks, Projections projections, PresenceConfig config) {
        this.marks = marks;
        this.projections = projections;
        this.config = config;
    }

    public Uni<Void> await() {
        return Uni.createFrom().deferred(this::checkOnce)
                .onFailure().retry().withBackOff(FIRST_CHECK_AGAIN, MAX_CHECK_AGAIN)
                .expireIn(config.audienceRebuildWait().toMillis())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("contacts and room rosters still not rebuilt after %s (%s): going on with what Redis has",
                            config.audienceRebuildWait(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> checkOnce() {
        Set<String> all = projections.allPartitions().orElse(null);
        if (all == null) {
            return Uni.createFrom().failure(new NotRebuiltYet("the consumers have not joined their groups"));
        }
        return marks.rebuiltInCurrentEpoch().chain(rebuilt -> rebuilt.containsAll(all)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotRebuiltYet("partitions not rebuilt yet")));
    }

    private static final class NotRebuiltYet extends RuntimeException {
        NotRebuiltYet(String message) {
            super(message, null, false, false);
        }
    }
}
