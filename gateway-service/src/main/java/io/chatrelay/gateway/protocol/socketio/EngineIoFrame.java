package io.chatrelay.gateway.protocol.socketio;

/**
 * One text frame received on {@code /socket.io/}: an Engine.IO packet, which carries a Socket.IO packet when it
 * is a MESSAGE.
 *
 * @param data   what follows the Engine.IO type character (e.g. the {@code probe} of {@code 2probe})
 * @param packet the Socket.IO packet of a MESSAGE, otherwise null
 */
public record EngineIoFrame(EngineIoPacketType type, String data, SocketIoPacket packet) {
}
