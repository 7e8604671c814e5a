package io.chatrelay.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A socket is given each of its recent messages once; the oldest ids make room for new ones. */
class RecentMessageIdsTest {

    @Test
    void anIdSeenRecentlyIsRefused() {
        RecentMessageIds recent = new RecentMessageIds(256);
        UUID id = UUID.randomUUID();
        assertTrue(recent.add(id));
        assertFalse(recent.add(id));
        assertFalse(recent.add(new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits())));
    }

    @Test
    void everyIdWithinTheCapacityIsRememberedWhileTheRingGrows() {
        RecentMessageIds recent = new RecentMessageIds(100);
        List<UUID> ids = randomIds(100);
        ids.forEach(id -> assertTrue(recent.add(id)));
        ids.forEach(id -> assertFalse(recent.add(id), "forgot " + id));
    }

    @Test
    void beyondTheCapacityTheOldestAreForgottenFirst() {
        RecentMessageIds recent = new RecentMessageIds(16);
        List<UUID> ids = randomIds(20);
        ids.forEach(recent::add);
        for (UUID newest : ids.subList(4, 20)) {
            assertFalse(recent.add(newest), "forgot a recent id");
        }
        assertTrue(recent.add(ids.get(0)), "the oldest id is still remembered");
    }

    @Test
    void idsThatShareOneHalfAreToldApart() {
        RecentMessageIds recent = new RecentMessageIds(8);
        assertTrue(recent.add(new UUID(1, 2)));
        assertTrue(recent.add(new UUID(1, 3)));
        assertTrue(recent.add(new UUID(4, 2)));
        assertFalse(recent.add(new UUID(1, 3)));
    }

    private static List<UUID> randomIds(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }
}
