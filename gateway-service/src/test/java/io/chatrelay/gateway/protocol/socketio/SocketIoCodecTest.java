package io.chatrelay.gateway.protocol.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.gateway.protocol.FrameException;
import io.chatrelay.gateway.protocol.InboundCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same commands and events as the native protocol, in Socket.IO packets. */
class SocketIoCodecTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SocketIoCodec codec = new SocketIoCodec(json, new SocketIoPacketParser(json));

    @Test
    void anEventWithAnAckIdBecomesACommandThatWantsAnAck() {
        InboundCommand command = codec.decode("425[\"send_direct_message\",{\"receiverId\":\"bob\",\"content\":\"hi\"}]");

        assertEquals("send_direct_message", command.event());
        assertEquals("bob", command.data().get("receiverId").asText());
        assertEquals(5L, command.ackId());
    }

    @Test
    void anEventWithoutArgumentHasEmptyData() {
        InboundCommand command = codec.decode("42[\"typing\"]");

        assertTrue(command.data().isObject());
        assertTrue(command.data().isEmpty());
        assertFalse(command.wantsAck());
    }

    @Test
    void anEventCarriesOneObjectArgumentAndAShortName() {
        assertEquals("the event's argument must be an object",
                assertThrows(FrameException.class, () -> codec.decode("42[\"x\",\"text\"]")).getMessage());
        assertEquals("an event carries one argument: [\"event\", {...}]",
                assertThrows(FrameException.class, () -> codec.decode("42[\"x\",{},{}]")).getMessage());
        assertThrows(FrameException.class, () -> codec.decode("42[\"" + "x".repeat(65) + "\"]"));
        assertThrows(FrameException.class, () -> codec.decode("42[\" \"]"));
    }

    @Test
    void onlyEventsOfTheMainNamespaceAreCommands() {
        assertThrows(FrameException.class, () -> codec.decode("40{\"token\":\"t\"}"));
        assertThrows(FrameException.class, () -> codec.decode("42/admin,[\"x\"]"));
        assertThrows(FrameException.class, () -> codec.decode("3"));
    }

    @Test
    void serverEventsAndAcknowledgementsAreSocketIoPackets() {
        assertEquals("42[\"new_direct_message\",{\"id\":\"m-1\"}]", codec.encodeEvent("new_direct_message", Map.of("id", "m-1")));
        assertEquals("4312[{\"ok\":true}]", codec.encodeAck(12, Map.of("ok", true)));
    }

    @Test
    void connectionPacketsFollowTheSpecification() {
        assertEquals("0{\"sid\":\"s1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":65536}",
                codec.encodeOpen(new EngineIoHandshake("s1", 25000, 20000, 65536)));
        assertEquals("2", codec.encodePing());
        assertEquals("3probe", codec.encodePong("probe"));
        assertEquals("40{\"sid\":\"abc\"}", codec.encodeConnected("abc"));
        assertEquals("44{\"message\":\"unauthorized\"}", codec.encodeConnectError("/", "unauthorized"));
        assertEquals("44/admin,{\"message\":\"Invalid namespace\"}", codec.encodeConnectError("/admin", "Invalid namespace"));
    }
}
