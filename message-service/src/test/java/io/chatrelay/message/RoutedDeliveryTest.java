package io.chatrelay.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.contracts.Topics;
import io.chatrelay.contracts.message.ConversationIds;
import io.chatrelay.contracts.message.MessageType;
import io.chatrelay.contracts.message.Origin;
import io.chatrelay.contracts.message.SendMessage;
import io.chatrelay.contracts.routing.DeliveryDirectory;
import io.chatrelay.testing.KafkaProbe;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.chatrelay.message.Api.newUser;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message events reach only the gateways holding their audience: one record on gateway.deliveries per partition
 * that the delivery directory in Redis names for the recipients' sockets (a room's: its members') or for the
 * gateway waiting for the command; every partition while the directory cannot be trusted, and for a large room.
 */
@QuarkusTest
class RoutedDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int PARTITIONS = 16; // deploy/local/topics.txt

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProbe deliveries;
    private final String alice = newUser("alice");
    private final String bob = newUser("bob");
    private final String gatewayOfAlice = "gw-" + UUID.randomUUID();
    private final String gatewayOfBob = "gw-" + UUID.randomUUID();

    @BeforeEach
    void directoryIsSettled() {
        redis.value(String.class).set(DeliveryDirectory.SINCE, "0");
        deliveries = KafkaProbe.watching(bootstrapServers, Topics.GATEWAY_DELIVERIES);
    }

    @AfterEach
    void stopWatching() {
        deliveries.close();
    }

    @Test
    void aDirectMessageGoesToThePartitionsOfTheGatewaysHoldingTheSenderAndTheReceiver() {
        gatewayReads(gatewayOfAlice, 3);
        gatewayReads(gatewayOfBob, 11);
        socketsOn(alice, gatewayOfAlice, 2);
        socketsOn(bob, gatewayOfBob, 1);

        String id = Api.send(alice, bob, "routed").getString("id");

        assertEquals(Set.of(3, 11), deliveries.partitionsContaining(id, WAIT));
    }

    @Test
    void aGatewayThatStoppedRenewingItsEntryGetsNothingAndItsUsersEntriesAreDropped() {
        gatewayReads(gatewayOfBob, 11);
        socketsOn(bob, gatewayOfBob, 1);
        String deadGateway = "gw-dead-" + UUID.randomUUID();
        socketsOn(bob, deadGateway, 1); // no route:gateway key: it stopped, or its entry expired

        String id = Api.send(alice, bob, "to the live one").getString("id");

        assertEquals(Set.of(11), deliveries.partitionsContaining(id, WAIT));
        assertFalse(redis.hash(String.class).hexists(DeliveryDirectory.userGateways(bob), deadGateway));
    }

    @Test
    void aReceiverWithoutSocketsCostsNoRecordAndTheWaitingGatewayGetsItsAnswer() throws Exception {
        String waitingGateway = "gw-" + UUID.randomUUID();
        gatewayReads(waitingGateway, 7);
        String requestId = UUID.randomUUID().toString();
        SendMessage command = new SendMessage(new Origin(waitingGateway, requestId), ConversationIds.direct(alice, bob),
                alice, bob, null, MessageType.TEXT, "nobody is connected", Instant.now());

        deliveries.publish(Topics.MESSAGE_COMMANDS, command.conversationId(), json.writeValueAsString(command));

        assertEquals(Set.of(7), deliveries.partitionsContaining(requestId, WAIT));
    }

    @Test
    void aRoomMessageGoesToThePartitionsOfTheGatewaysHoldingItsMembers() {
        String carol = newUser("carol");
        String dave = newUser("dave");
        try (RoomFeed rooms = new RoomFeed(bootstrapServers, json, database)) {
            String roomId = rooms.create(alice, bob, carol, dave);
            gatewayReads(gatewayOfAlice, 3);
            gatewayReads(gatewayOfBob, 11);
            socketsOn(alice, gatewayOfAlice, 1);
            socketsOn(bob, gatewayOfBob, 1);
            socketsOn(carol, gatewayOfBob, 1);
            // dave is offline: no entry

            String id = Api.sendToRoom(alice, roomId, "to the members' gateways").getString("id");

            assertEquals(Set.of(3, 11), deliveries.partitionsContaining(id, WAIT));
        }
    }

    @Test
    void aRoomOfMoreMembersThanTheBroadcastSizeGoesToEveryPartition() {
        try (RoomFeed rooms = new RoomFeed(bootstrapServers, json, database)) {
            // delivery.broadcast-above is 4 in the test profile
            String roomId = rooms.create(alice, bob, newUser("carol"), newUser("dave"), newUser("erin"));
            gatewayReads(gatewayOfAlice, 3);
            socketsOn(alice, gatewayOfAlice, 1);

            String id = Api.sendToRoom(alice, roomId, "to every gateway").getString("id");

            assertEquals(IntStream.range(0, PARTITIONS).boxed().collect(toSet()), deliveries.partitionsContaining(id, WAIT));
        }
    }

    @Test
    void whileTheDirectoryIsNewEveryPartitionGetsEveryEvent() {
        gatewayReads(gatewayOfBob, 11);
        socketsOn(bob, gatewayOfBob, 1);
        redis.key().del(DeliveryDirectory.SINCE); // Redis lost its data: gateways have not registered again yet

        String id = Api.send(alice, bob, "everywhere").getString("id");

        assertEquals(IntStream.range(0, PARTITIONS).boxed().collect(toSet()), deliveries.partitionsContaining(id, WAIT));
        assertTrue(redis.key().exists(DeliveryDirectory.SINCE), "the router starts the directory's grace period");
    }

    private void gatewayReads(String gatewayId, int partition) {
        redis.value(String.class).psetex(DeliveryDirectory.gateway(gatewayId), 60_000, Integer.toString(partition));
    }

    private void socketsOn(String userId, String gatewayId, long sockets) {
        redis.hash(Long.class).hset(DeliveryDirectory.userGateways(userId), gatewayId, sockets);
    }

}
