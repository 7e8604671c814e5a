package io.chatrelay.presence.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The Redis projections presence reads (contacts, room rosters) and the replays that keep them complete. */
@ApplicationScoped
public class Projections {

    private final List<ProjectionReplay> replays;

    public Projections(@Identifier(ContactsReplay.NAME) ContactsReplay contacts,
                       @Identifier(RostersReplay.NAME) RostersReplay rosters) {
        this.replays = List.of(contacts, rosters);
    }

    /** The epoch Redis holds now: a new one (Redis lost its data) starts rebuilding every projection. */
    public void follow(String epoch) {
        replays.forEach(replay -> replay.follow(epoch));
    }

    /** "topic:partition" of every partition the projections read; empty until all their consumers joined. */
    public Optional<Set<String>> allPartitions() {
        Set<String> all = new HashSet<>();
        for (ProjectionReplay replay : replays) {
            if (!replay.joined()) {
                return Optional.empty();
            }
            all.addAll(replay.allPartitions());
        }
        return Optional.of(all);
    }
}
