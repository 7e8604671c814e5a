package io.chatrelay.presence;

import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.presence.redis.ContactBook;
import io.chatrelay.presence.redis.RoomRosters;
import io.chatrelay.testing.KafkaProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static io.chatrelay.presence.GatewayPlayer.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Presence changes reach only the gateways holding their audience: besides presence.events (for every service),
 * presence-service writes each change to the partitions of gateway.presence that the delivery directory names
 * for the audience's sockets.
 */
@QuarkusTest
class RoutedPresenceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ContactBook contacts;

    @Inject
    RoomRosters rosters;

    @Inject
    RedisDataSource redis;

    private GatewayPlayer gateway;
    private KafkaProbe routed;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();
    private final String carol = "carol-" + UUID.randomUUID();

    @BeforeEach
    void playAGatewayAndWatchTheRoutedTopic() {
        redis.value(String.class).set(DeliveryDirectory.SINCE, "0");
        routed = KafkaProbe.watching(bootstrapServers, Topics.GATEWAY_PRESENCE);
        gateway = new GatewayPlayer(bootstrapServers);
        gateway.heartbeat(60_000);
    }

    @AfterEach
    void stopPlaying() {
        routed.close();
        gateway.stop();
        gateway.close();
    }

    @Test
    void aChangeGoesToThePartitionsOfTheGatewaysHoldingItsAudience() {
        gateway.becomeContacts(contacts, alice, bob);
        gateway.becomeContacts(contacts, alice, carol);
        registerGateway("gw-east-" + UUID.randomUUID(), 4, bob);
        registerGateway("gw-west-" + UUID.randomUUID(), 9, carol);

        gateway.open(alice);
        gateway.awaitChange(alice, "online");

        assertEquals(Set.of(4, 9), routed.partitionsContaining(alice, WAIT));
    }

    @Test
    void aChangeNamingARoomGoesToEveryGateway() {
        // delivery.broadcast-above is 4 in the test profile: a room of five is named, not listed
        String dave = "dave-" + UUID.randomUUID();
        String erin = "erin-" + UUID.randomUUID();
        gateway.roomCreated("crowd-" + UUID.randomUUID(), alice, bob, carol, dave, erin);
        GatewayPlayer.awaitCoMembers(rosters, alice, bob, carol, dave, erin);
        registerGateway("gw-east-" + UUID.randomUUID(), 4, bob);

        gateway.open(alice);
        gateway.awaitChange(alice, "online");

        assertEquals(16, routed.partitionsContaining(alice, WAIT).size());
    }

    @Test
    void aReannounceRequestGoesToEveryGateway() {
        // the first heartbeat of a gateway presence-service never heard of asks it to announce its sessions

        assertEquals(16, routed.partitionsContaining(gateway.gatewayId, WAIT).size());
    }

    private void registerGateway(String gatewayId, int partition, String userId) {
        redis.value(String.class).psetex(DeliveryDirectory.gateway(gatewayId), 60_000, Integer.toString(partition));
        redis.hash(Long.class).hset(DeliveryDirectory.userGateways(userId), gatewayId, 1L);
    }
}
