package io.chatrelay.gateway.protocol.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Engine.IO 4 / Socket.IO 5 packets as the specifications write them, and what is not one. */
class SocketIoPacketParserTest {

    private final SocketIoPacketParser parser = new SocketIoPacketParser(new ObjectMapper());

    @Test
    void engineIoPacketsOtherThanMessagesCarryNoSocketIoPacket() {
        EngineIoFrame pong = parser.parse("3");
        assertEquals(EngineIoPacketType.PONG, pong.type());
        assertEquals("", pong.data());
        assertNull(pong.packet());

        EngineIoFrame probe = parser.parse("2probe");
        assertEquals(EngineIoPacketType.PING, probe.type());
        assertEquals("probe", probe.data());
    }

    @Test
    void aConnectCarriesItsAuthPayload() {
        SocketIoPacket connect = packet("40{\"token\":\"abc\"}");
        assertEquals(SocketIoPacketType.CONNECT, connect.type());
        assertTrue(connect.isOnMainNamespace());
        assertEquals("abc", connect.payload().get("token").asText());

        assertNull(packet("40").payload());
    }

    @Test
    void aNamespaceEndsAtTheComma() {
        SocketIoPacket connect = packet("40/admin,{\"token\":\"abc\"}");
        assertEquals("/admin", connect.namespace());
        assertEquals("abc", connect.payload().get("token").asText());

        assertEquals("/admin", packet("41/admin,").namespace());
        assertEquals("/admin", packet("41/admin").namespace());
    }

    @Test
    void anEventMayAskForAnAcknowledgement() {
        SocketIoPacket event = packet("4213[\"send_direct_message\",{\"content\":\"hi\"}]");
        assertEquals(SocketIoPacketType.EVENT, event.type());
        assertEquals(13L, event.ackId());
        assertEquals("send_direct_message", event.payload().get(0).asText());

        assertNull(packet("42[\"ping\"]").ackId());
        assertEquals(7L, packet("42/chat,7[\"x\"]").ackId());
        assertEquals("/chat", packet("42/chat,7[\"x\"]").namespace());
    }

    @Test
    void aBinaryPacketAnnouncesItsAttachments() {
        SocketIoPacket binary = packet("452-3[\"upload\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertEquals(SocketIoPacketType.BINARY_EVENT, binary.type());
        assertEquals(2, binary.attachments());
        assertEquals(3L, binary.ackId());
    }

    @Test
    void somethingThatIsNotAPacketIsRefusedWithTheReason() {
        assertRefused("", "empty frame: an Engine.IO packet starts with its type (0-6)");
        assertRefused("x", "unknown Engine.IO packet type 'x'");
        assertRefused("4", "empty Engine.IO message: a Socket.IO packet starts with its type (0-6)");
        assertRefused("47", "unknown Socket.IO packet type '7'");
        assertRefused("42{\"event\":\"x\"}", "an EVENT payload must be an array starting with the event name");
        assertRefused("42[]", "an EVENT payload must be an array starting with the event name");
        assertRefused("42[42]", "an EVENT payload must be an array starting with the event name");
        assertRefused("42", "an EVENT payload must be an array starting with the event name");
        assertRefused("42[\"x\"", "the packet's payload is not valid JSON");
        assertRefused("42[\"x\"] trailing", "the packet's payload is not valid JSON");
        assertRefused("40\"token\"", "the CONNECT payload must be an object, e.g. {\"token\":\"…\"}");
        assertRefused("41{}", "a DISCONNECT packet has no payload");
        assertRefused("43[1]", "an ACK packet needs an ack id and an array payload");
        assertRefused("45[\"x\"]", "a binary packet must start with its attachment count, e.g. 51-");
        assertRefused("4212345678901234567[\"x\"]", "the ack id is too large");
    }

    private SocketIoPacket packet(String frame) {
        EngineIoFrame parsed = parser.parse(frame);
        assertEquals(EngineIoPacketType.MESSAGE, parsed.type());
        return parsed.packet();
    }

    private void assertRefused(String frame, String reason) {
        SocketIoProtocolException refused = assertThrows(SocketIoProtocolException.class, () -> parser.parse(frame),
                frame);
        assertEquals(reason, refused.getMessage(), frame);
    }
}
