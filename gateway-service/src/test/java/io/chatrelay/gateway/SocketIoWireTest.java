package io.chatrelay.gateway;

import io.chatrelay.gateway.session.SessionRegistry;
import io.chatrelay.testing.RawWebSocket;
import io.chatrelay.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Engine.IO 4 / Socket.IO 5 packets of {@code /socket.io/} byte for byte, with a raw websocket client: what the
 * stock clients rely on, and how everything they never send is answered.
 */
@QuarkusTest
class SocketIoWireTest {

    private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=websocket";

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    SessionRegistry sessions;

    private final String alice = "alice-" + UUID.randomUUID();

    @Test
    void theFirstFrameIsTheEngineIoOpenPacketWithTheHeartbeatAndFrameLimit() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            String open = socket.awaitFrame(frame -> true);

            assertTrue(open.startsWith("0{"), open);
            JsonObject handshake = new JsonObject(open.substring(1));
            assertFalse(handshake.getString("sid").isBlank());
            assertEquals(new JsonArray(), handshake.getJsonArray("upgrades"));
            assertEquals(25000, handshake.getInteger("pingInterval"));
            assertEquals(20000, handshake.getInteger("pingTimeout"));
            assertEquals(65536, handshake.getInteger("maxPayload"), "quarkus.websockets-next.server.max-message-size");
        }
    }

    @Test
    void thePathWorksWithoutItsTrailingSlashToo() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, "/socket.io?EIO=4&transport=websocket")) {
            assertTrue(socket.awaitFrame(frame -> true).startsWith("0{\"sid\":"));
        }
        given().queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io")
                .then().statusCode(400).body("code", equalTo(3));
    }

    @Test
    void aConnectWithAValidTokenIsAnsweredWithTheSocketId() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("40" + new JsonObject().put("token", TestTokens.forUser(alice)).encode());

            String connected = socket.awaitFrame(frame -> frame.startsWith("40"));
            assertFalse(new JsonObject(connected.substring(2)).getString("sid").isBlank(), connected);
            await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionsOf(alice).size() == 1);
        }
    }

    @Test
    void eventsAndAcknowledgementsUseTheSocketIoPacketFormat() {
        try (RawWebSocket socket = connected()) {
            socket.send("4212[\"no_such_event\",{}]");
            assertEquals("4312[{\"ok\":false,\"error\":{\"code\":\"validation\",\"message\":\"unknown event: no_such_event\"}}]",
                    socket.awaitFrame(frame -> frame.startsWith("43")));

            socket.send("42[\"no_such_event\"]");
            assertEquals("42[\"message_error\",{\"code\":\"validation\",\"message\":\"unknown event: no_such_event\"}]",
                    socket.awaitFrame(frame -> frame.startsWith("42")));
        }
    }

    @Test
    void aRefusedConnectLeavesTheConnectionOpenForAnotherTry() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("40{\"token\":\"not-a-jwt\"}");
            assertEquals("44{\"message\":\"unauthorized\"}", socket.awaitFrameAfter(1, "4"));
            socket.send("40");
            assertEquals("44{\"message\":\"unauthorized\"}", socket.awaitFrameAfter(2, "4"));
            assertTrue(sessions.sessionsOf(alice).isEmpty());

            socket.send("40" + new JsonObject().put("token", TestTokens.forUser(alice)).encode());
            assertTrue(socket.awaitFrameAfter(3, "4").startsWith("40{\"sid\":"));
        }
    }

    @Test
    void packetsSentRightAfterConnectAreHandledOnceItIsAnsweredInTheirOrder() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("40" + new JsonObject().put("token", TestTokens.forUser(alice)).encode());
            socket.send("421[\"no_such_event\",{}]");
            socket.send("422[\"no_such_event\",{}]");

            assertTrue(socket.awaitFrameAfter(1, "4").startsWith("40{\"sid\":"));
            assertTrue(socket.awaitFrameAfter(2, "4").startsWith("431["), "answered after the CONNECT, not refused");
            assertTrue(socket.awaitFrameAfter(3, "4").startsWith("432["));
        }
    }

    @Test
    void packetsAfterARefusedConnectAreRefusedAsNotConnected() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("40{\"token\":\"not-a-jwt\"}");
            socket.send("42[\"no_such_event\",{}]");

            assertEquals("44{\"message\":\"unauthorized\"}", socket.awaitFrameAfter(1, "4"));
            assertTrue(socket.awaitFrameAfter(2, "4").startsWith("44{\"message\":\"not connected"));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    void anotherNamespaceIsRefusedWithoutDisturbingTheMainOne() {
        try (RawWebSocket socket = connected()) {
            socket.send("40/admin," + new JsonObject().put("token", TestTokens.forUser(alice)).encode());
            assertEquals("44/admin,{\"message\":\"Invalid namespace\"}", socket.awaitFrame(frame -> frame.startsWith("44")));

            socket.send("42[\"no_such_event\"]");
            assertEquals("validation", errorIn(socket.awaitFrame(frame -> frame.startsWith("42"))).getString("code"));
        }
    }

    @Test
    void anEventBeforeConnectIsRefusedWithAConnectError() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("42[\"send_direct_message\",{\"receiverId\":\"bob\",\"content\":\"hi\"}]");

            String refusal = socket.awaitFrameAfter(1, "4");
            assertTrue(refusal.startsWith("44{\"message\":\"not connected"), refusal);
            assertTrue(socket.isOpen());
        }
    }

    @Test
    void garbageBeforeConnectIsRefusedWithAConnectError() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("hello");
            assertEquals("44{\"message\":\"unknown Engine.IO packet type 'h'\"}", socket.awaitFrameAfter(1, "4"));
            socket.sendBinary(new byte[]{1, 2, 3});
            assertEquals("44{\"message\":\"binary frames are not supported on /socket.io/\"}", socket.awaitFrameAfter(2, "4"));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    void everyMalformedOrUnsupportedFrameGetsAValidationErrorAndTheSocketStaysUsable() {
        List<String> refused = List.of(
                "", "9", "4", "49", "0", "5", "6", "44{\"message\":\"x\"}",
                "42not json", "42{}", "42[]", "42[1]", "42[\"send_direct_message\",\"text\"]",
                "42[\"send_direct_message\",{},{}]", "42[\"\"]", "41/admin,x", "431[{}]",
                "451-[\"send_direct_message\",{\"_placeholder\":true,\"num\":0}]");
        try (RawWebSocket socket = connected()) {
            int before = socket.received().size();
            refused.forEach(socket::send);
            socket.sendBinary(new byte[]{1, 2, 3}); // the attachment of 451-…: dropped with its packet
            socket.sendBinary(new byte[]{4, 5, 6}); // a binary frame on its own: refused

            await().atMost(Duration.ofSeconds(10)).until(() -> errors(socket, before).size() == refused.size() + 1);
            assertTrue(errors(socket, before).stream().allMatch(error -> "validation".equals(error.getString("code"))));
            assertEquals("empty frame: an Engine.IO packet starts with its type (0-6)", errors(socket, before).get(0).getString("message"));
            assertEquals("unexpected ACK 1: the server never asks for acknowledgements",
                    errors(socket, before).get(16).getString("message"));
            assertEquals("binary packets are not supported on /socket.io/: send JSON only",
                    errors(socket, before).get(17).getString("message"));
            assertEquals("binary frames are not supported on /socket.io/", errors(socket, before).get(18).getString("message"));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    void aBinaryEventThatAsksForAnAckGetsAFailedAck() {
        try (RawWebSocket socket = connected()) {
            socket.send("451-7[\"send_direct_message\",{\"_placeholder\":true,\"num\":0}]");
            socket.sendBinary(new byte[]{1, 2, 3});

            assertEquals("437[{\"ok\":false,\"error\":{\"code\":\"validation\","
                            + "\"message\":\"binary packets are not supported on /socket.io/: send JSON only\"}}]",
                    socket.awaitFrame(frame -> frame.startsWith("43")));
        }
    }

    @Test
    void aClientPingIsAnsweredWithAPong() {
        try (RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE)) {
            socket.send("2probe");
            assertEquals("3probe", socket.awaitFrame(frame -> frame.startsWith("3")));
        }
    }

    @Test
    void aDisconnectPacketUnregistersAndClosesNormally() {
        try (RawWebSocket socket = connected()) {
            socket.send("41");

            assertEquals(1000, socket.awaitClose(Duration.ofSeconds(10)));
            await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionsOf(alice).isEmpty());
        }
    }

    @Test
    void anEngineIoClosePacketClosesNormally() {
        try (RawWebSocket socket = connected()) {
            socket.send("1");
            assertEquals(1000, socket.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aFrameLargerThanMaxPayloadClosesTheSocketWith1009() {
        try (RawWebSocket socket = connected()) {
            socket.send("42[\"send_direct_message\",{\"content\":\"" + "x".repeat(70_000) + "\"}]");
            assertEquals(1009, socket.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void thePollingTransportIsRefusedWithAnEngineIoBadRequest() {
        given().queryParam("EIO", "4").queryParam("transport", "polling")
                .get("/socket.io/")
                .then().statusCode(400).contentType("application/json")
                .body("code", equalTo(3))
                .body("message", equalTo("Bad request: only the websocket transport is supported"));
    }

    @Test
    void engineIo3IsRefusedBeforeAndInsteadOfTheUpgrade() {
        given().queryParam("EIO", "3").queryParam("transport", "polling")
                .get("/socket.io/")
                .then().statusCode(400).body("code", equalTo(5));
        upgradeRequest().queryParam("EIO", "3").queryParam("transport", "websocket")
                .get("/socket.io/")
                .then().statusCode(400).contentType("application/json").body("code", equalTo(5));
        assertEquals(400, RawWebSocket.upgradeStatus(gateway, "/socket.io/?EIO=3&transport=websocket"));
    }

    @Test
    void aSessionIdToUpgradeFromIsUnknown() {
        upgradeRequest().queryParam("EIO", "4").queryParam("transport", "websocket").queryParam("sid", "abc")
                .get("/socket.io/")
                .then().statusCode(400).body("code", equalTo(1));
    }

    @Test
    void theWebsocketTransportWithoutAnUpgradeIsABadRequest() {
        given().queryParam("EIO", "4").queryParam("transport", "websocket")
                .get("/socket.io/")
                .then().statusCode(400).body("code", equalTo(3))
                .body("message", equalTo("Bad request: a websocket upgrade is expected"));
    }

    private static io.restassured.specification.RequestSpecification upgradeRequest() {
        return given().header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    private RawWebSocket connected() {
        RawWebSocket socket = RawWebSocket.connect(gateway, HANDSHAKE);
        socket.send("40" + new JsonObject().put("token", TestTokens.forUser(alice)).encode());
        socket.awaitFrame(frame -> frame.startsWith("40"));
        return socket;
    }

    /** The data of the {@code message_error} events received after the first {@code skip} frames, in order. */
    private static List<JsonObject> errors(RawWebSocket socket, int skip) {
        return socket.received().stream().skip(skip)
                .filter(frame -> frame.startsWith("42[\"message_error\""))
                .map(SocketIoWireTest::errorIn)
                .toList();
    }

    private static JsonObject errorIn(String eventFrame) {
        JsonArray event = new JsonArray(eventFrame.substring(2));
        assertEquals("message_error", event.getString(0), eventFrame);
        return event.getJsonObject(1);
    }
}
