package io.chatrelay.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.chatrelay.systemtests.FuzzJson.field;
import static io.chatrelay.systemtests.FuzzJson.plain;

/**
 * Generates the frames of one fuzz socket from a seeded {@link Random}: valid commands of every client event,
 * then mutated — fields dropped, duplicated, swapped, of the wrong type or null, strings at and over the
 * limits, nesting 10,000 deep, numbers out of range, Unicode edge cases, invalid UTF-8, fragments, binary
 * frames, frames over the size limit — and, on {@code /socket.io/}, Engine.IO / Socket.IO packets of every
 * type with odd namespaces, ack ids and attachment counts. The same seed gives the same frames.
 */
final class FuzzFrames {

    /** Who the frames of one socket are about. */
    record Targets(String self, List<String> peers, String ownRoom, String foreignRoom, String ownToken,
                   String otherUsersToken, String forgedToken, String expiredToken) {
    }

    /** One frame to send: text (as exact bytes) or binary, whole or in {@code fragments} frames. */
    record FuzzFrame(String category, byte[] payload, boolean binary, int fragments) {

        static FuzzFrame text(String category, String text) {
            return new FuzzFrame(category, text.getBytes(StandardCharsets.UTF_8), false, 1);
        }

        String summary() {
            String text = new String(payload, 0, Math.min(payload.length, 160), StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder(category).append(binary ? " binary" : "")
                    .append(fragments > 1 ? " in " + fragments + " fragments" : "")
                    .append(" (").append(payload.length).append(" bytes): ");
            text.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f || c >= 0xd800 && c <= 0xdfff || c == 0xfffd) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            if (payload.length > 160) {
                out.append("…");
            }
            return hasNul() ? out.append(' ').append(FuzzKnownIssues.HAS_NUL).toString() : out.toString();
        }

        /** The frame carries U+0000, as a JSON escape or a raw byte. */
        boolean hasNul() {
            String text = new String(payload, StandardCharsets.ISO_8859_1);
            return text.indexOf('\u0000') >= 0 || text.toLowerCase(java.util.Locale.ROOT).contains("\\u0000");
        }
    }

    private static final String[] COMMON = {"valid", "drop_field", "dup_field", "swap_fields", "wrong_type",
            "null_values", "huge_strings", "near_frame_limit", "oversize", "deep_nesting", "numbers", "unicode",
            "invalid_utf8", "fragmented", "binary", "malformed_json", "odd_events", "envelope"};
    private static final int[] NATIVE_WEIGHTS = {35, 60, 50, 50, 120, 50, 60, 10, 5, 40, 50, 80, 60, 25, 40, 120, 50, 60};
    private static final int[] SOCKET_IO_COMMON_WEIGHTS = {30, 40, 35, 35, 80, 35, 40, 8, 4, 30, 35, 60, 45, 20, 25, 80, 35, 40};
    private static final String[] SOCKET_IO_ONLY = {"eio_packets", "sio_packets", "client_ack", "binary_packets",
            "disconnect", "connect_again"};
    private static final int[] SOCKET_IO_ONLY_WEIGHTS = {70, 100, 20, 30, 4, 20};

    private static final String[] EVENTS = {"send_direct_message", "send_room_message", "send_message",
            "mark_messages_read", "join_room", "leave_room", "typing_start", "typing_stop", "refresh_token"};
    /** Sends (and reads) go through Kafka and PostgreSQL, the slowest path: enough of them, not most. */
    private static final int[] EVENT_WEIGHTS = {10, 4, 5, 4, 6, 4, 8, 4, 3};
    private static final List<String> ODD_EVENTS = List.of("ack", "message_error", "message_sent", "new_direct_message",
            "connect", "disconnect", "error", "ping", "__proto__", "constructor", "SEND_DIRECT_MESSAGE",
            "send_direct_message ", " send_direct_message", "send_direct_message\u0000", "send-direct-message",
            "x".repeat(64), "x".repeat(65), "é".repeat(64), "\ud83d\ude00".repeat(32), "\ud83d\ude00".repeat(33), " ",
            "\t", "\u00a0", "\u3000", "send_direct_message\ud800", "reconnect", "session_expired", "join", "typing");

    private final Random random;
    private final FuzzSocket.Protocol protocol;
    private final Targets targets;
    private final boolean beforeConnect;
    private final String contentPrefix;
    private final List<String> usedClientMessageIds = new ArrayList<>();
    private long nextAck = 10_000;
    private int serial;

    FuzzFrames(Random random, FuzzSocket.Protocol protocol, Targets targets, boolean beforeConnect) {
        this.random = random;
        this.protocol = protocol;
        this.targets = targets;
        this.beforeConnect = beforeConnect;
        this.contentPrefix = beforeConnect ? "precon-" : "fz-";
    }

    FuzzFrame next() {
        serial++;
        boolean socketIo = protocol == FuzzSocket.Protocol.SOCKET_IO;
        if (socketIo) {
            int common = sum(SOCKET_IO_COMMON_WEIGHTS);
            int pick = random.nextInt(common + sum(SOCKET_IO_ONLY_WEIGHTS));
            if (pick >= common) {
                return socketIoOnly(SOCKET_IO_ONLY[index(SOCKET_IO_ONLY_WEIGHTS, pick - common)]);
            }
            return common(COMMON[index(SOCKET_IO_COMMON_WEIGHTS, pick)]);
        }
        return common(COMMON[index(NATIVE_WEIGHTS, random.nextInt(sum(NATIVE_WEIGHTS)))]);
    }

    // ------------------------------------------------------------------ commands and how they are framed

    /** A command as JSON fragments: event, data (an object's fields, or a raw fragment), ack. */
    private static final class Cmd {
        String event;
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String rawData; // replaces the data object when set
        boolean omitData;
        String ack;     // native: a JSON fragment; Socket.IO: the text between the packet type and the payload
        List<Map.Entry<String, String>> extraEnvelope = new ArrayList<>();

        String data(Random random) {
            return rawData != null ? rawData : FuzzJson.obj(fields, random);
        }
    }

    private Cmd valid() {
        String event = EVENTS[index(EVENT_WEIGHTS, random.nextInt(sum(EVENT_WEIGHTS)))];
        Cmd cmd = new Cmd();
        cmd.event = plain(event);
        switch (event) {
            case "send_direct_message" -> {
                cmd.fields.add(field("receiverId", plain(peer())));
                addMessageFields(cmd);
            }
            case "send_room_message" -> {
                cmd.fields.add(field("roomId", plain(room())));
                addMessageFields(cmd);
            }
            case "send_message" -> {
                cmd.fields.add(random.nextInt(3) == 0 ? field("roomId", plain(room())) : field("receiverId", plain(peer())));
                addMessageFields(cmd);
            }
            case "mark_messages_read" -> cmd.fields.add(random.nextInt(4) == 0
                    ? field("roomId", plain(room())) : field("otherUserId", plain(peer())));
            case "join_room", "leave_room" -> cmd.fields.add(field("roomId", plain(room())));
            case "typing_start", "typing_stop" -> cmd.fields.add(random.nextInt(4) == 0
                    ? field("roomId", plain(room())) : field("receiverId", plain(peer())));
            default -> cmd.fields.add(field("token", plain(token())));
        }
        java.util.Collections.shuffle(cmd.fields, random);
        // commands that reach message-service always ask for an ack, so the worker can bound how many are in flight
        boolean toMessageService = event.startsWith("send_") || event.equals("mark_messages_read");
        if (toMessageService || random.nextBoolean()) {
            cmd.ack = Long.toString(nextAck++);
        }
        return cmd;
    }

    private void addMessageFields(Cmd cmd) {
        int kind = random.nextInt(10);
        String type = kind < 6 ? "text" : kind == 6 ? "emoji" : kind == 7 ? "image" : "file";
        String content = switch (type) {
            case "emoji" -> "\ud83d\ude00\ud83c\udf89";
            case "image", "file" -> "https://cdn.test/" + contentPrefix + serial + "/" + Long.toHexString(random.nextLong());
            default -> contentPrefix + serial + " " + words();
        };
        cmd.fields.add(field("content", plain(content)));
        if (!"text".equals(type) || random.nextBoolean()) {
            cmd.fields.add(field("type", plain(type)));
        }
        if (random.nextInt(10) < 6) {
            String clientMessageId = !usedClientMessageIds.isEmpty() && random.nextInt(10) == 0
                    ? usedClientMessageIds.get(random.nextInt(usedClientMessageIds.size()))
                    : "c-" + targets.self() + "-" + serial;
            usedClientMessageIds.add(clientMessageId);
            cmd.fields.add(field("clientMessageId", plain(clientMessageId)));
        }
    }

    private String words() {
        String[] words = {"hello", "hi", "ok", "see you", "lunch?", "\ud83d\udc4d", "été", "日本", "ok!", "done"};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(4) + 1; i > 0; i--) {
            out.append(words[random.nextInt(words.length)]).append(' ');
        }
        return out.toString().strip();
    }

    private String peer() {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return targets.self();
        }
        if (pick < 10) {
            return "ghost-" + random.nextInt(50); // offline: stored, but no delivery receipts to process
        }
        return targets.peers().get(random.nextInt(targets.peers().size()));
    }

    private String room() {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return targets.ownRoom();
        }
        if (pick < 8) {
            return targets.foreignRoom();
        }
        return pick == 8 ? UUID.nameUUIDFromBytes(new byte[]{(byte) random.nextInt()}).toString() : "room-" + random.nextInt(9);
    }

    private String token() {
        return switch (random.nextInt(6)) {
            case 0 -> beforeConnect ? targets.forgedToken() : targets.ownToken();
            case 1 -> beforeConnect ? targets.expiredToken() : targets.otherUsersToken(); // a valid token would connect
            case 2 -> targets.forgedToken();
            case 3 -> targets.expiredToken();
            case 4 -> "not.a.jwt";
            default -> "";
        };
    }

    private String render(Cmd cmd) {
        if (protocol == FuzzSocket.Protocol.NATIVE) {
            List<Map.Entry<String, String>> envelope = new ArrayList<>();
            if (cmd.event != null) {
                envelope.add(field("event", cmd.event));
            }
            if (!cmd.omitData) {
                envelope.add(field("data", cmd.data(random)));
            }
            if (cmd.ack != null) {
                envelope.add(field("ack", cmd.ack));
            }
            envelope.addAll(cmd.extraEnvelope);
            if (random.nextInt(4) == 0) {
                java.util.Collections.shuffle(envelope, random);
            }
            return FuzzJson.obj(envelope, random);
        }
        List<String> arguments = new ArrayList<>();
        if (cmd.event != null) {
            arguments.add(cmd.event);
        }
        if (!cmd.omitData) {
            arguments.add(cmd.data(random));
        }
        cmd.extraEnvelope.forEach(extra -> arguments.add(extra.getValue()));
        return "42" + (cmd.ack == null ? "" : cmd.ack) + FuzzJson.arr(arguments);
    }

    // ------------------------------------------------------------------ the categories every protocol shares

    private FuzzFrame common(String category) {
        Cmd cmd = valid();
        switch (category) {
            case "valid" -> {
                return FuzzFrame.text(category, render(cmd));
            }
            case "drop_field" -> {
                int what = random.nextInt(cmd.fields.size() + 3);
                if (what < cmd.fields.size()) {
                    cmd.fields.remove(what);
                } else if (what == cmd.fields.size()) {
                    cmd.event = null;
                } else if (what == cmd.fields.size() + 1) {
                    cmd.omitData = true;
                } else {
                    cmd.fields.clear();
                }
            }
            case "dup_field" -> {
                Map.Entry<String, String> original = cmd.fields.get(random.nextInt(cmd.fields.size()));
                String value = random.nextBoolean() ? FuzzJson.wrongType(random) : plain(valueLike(original.getKey()));
                cmd.fields.add(random.nextBoolean() ? 0 : cmd.fields.size(), field(original.getKey(), value));
                if (random.nextInt(4) == 0) {
                    cmd.extraEnvelope.add(field(random.nextBoolean() ? "event" : "ack",
                            random.nextBoolean() ? plain(EVENTS[random.nextInt(EVENTS.length)]) : Long.toString(nextAck++)));
                }
            }
            case "swap_fields" -> swap(cmd);
            case "wrong_type" -> {
                int what = random.nextInt(cmd.fields.size() + 3);
                if (what < cmd.fields.size()) {
                    cmd.fields.set(what, field(cmd.fields.get(what).getKey(), FuzzJson.wrongType(random)));
                } else if (what == cmd.fields.size()) {
                    cmd.event = FuzzJson.wrongType(random);
                } else if (what == cmd.fields.size() + 1) {
                    cmd.rawData = FuzzJson.wrongType(random);
                } else {
                    cmd.ack = protocol == FuzzSocket.Protocol.NATIVE ? FuzzJson.wrongType(random)
                            : List.of("-1", "x", "1.5", " 1", "+1", "1e3").get(random.nextInt(6));
                }
            }
            case "null_values" -> {
                int what = random.nextInt(cmd.fields.size() + 3);
                if (what < cmd.fields.size()) {
                    cmd.fields.set(what, field(cmd.fields.get(what).getKey(), "null"));
                } else if (what == cmd.fields.size()) {
                    cmd.event = "null";
                } else if (what == cmd.fields.size() + 1) {
                    cmd.rawData = "null";
                } else {
                    cmd.ack = protocol == FuzzSocket.Protocol.NATIVE ? "null" : "";
                    cmd.fields.replaceAll(entry -> field(entry.getKey(), "null"));
                }
            }
            case "huge_strings" -> hugeStrings(cmd);
            case "near_frame_limit" -> {
                return nearLimit();
            }
            case "oversize" -> {
                return oversize();
            }
            case "deep_nesting" -> {
                return deepNesting(cmd);
            }
            case "numbers" -> numbers(cmd);
            case "unicode" -> unicode(cmd);
            case "invalid_utf8" -> {
                return new FuzzFrame(category, FuzzJson.invalidUtf8(render(cmd).getBytes(StandardCharsets.UTF_8), random),
                        false, random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1);
            }
            case "fragmented" -> {
                if (random.nextBoolean()) {
                    cmd.fields.add(field("note", plain("\u00e9\u65e5\ud83d\ude00".repeat(1 + random.nextInt(20)))));
                }
                byte[] bytes = render(cmd).getBytes(StandardCharsets.UTF_8);
                return new FuzzFrame(category, bytes, false, 2 + random.nextInt(Math.min(12, bytes.length)));
            }
            case "binary" -> {
                return binary(cmd);
            }
            case "malformed_json" -> {
                String text = render(cmd);
                if (protocol == FuzzSocket.Protocol.SOCKET_IO && random.nextBoolean()) {
                    int prefix = text.indexOf('[');
                    return FuzzFrame.text(category, text.substring(0, prefix) + FuzzJson.breakText(text.substring(prefix), random));
                }
                return FuzzFrame.text(category, FuzzJson.breakText(text, random));
            }
            case "odd_events" -> cmd.event = random.nextInt(4) == 0
                    ? plain("evt-" + Integer.toHexString(random.nextInt()))
                    : FuzzJson.str(ODD_EVENTS.get(random.nextInt(ODD_EVENTS.size())), random);
            default -> { // envelope
                return envelope(cmd);
            }
        }
        return FuzzFrame.text(category, render(cmd));
    }

    private String valueLike(String key) {
        return switch (key) {
            case "receiverId", "otherUserId" -> peer();
            case "roomId" -> room();
            case "type" -> List.of("text", "image", "file", "emoji", "video", "TEXT", "").get(random.nextInt(7));
            case "token" -> token();
            default -> contentPrefix + serial + " dup";
        };
    }

    private void swap(Cmd cmd) {
        if (cmd.fields.size() >= 2) {
            int a = random.nextInt(cmd.fields.size());
            int b = (a + 1 + random.nextInt(cmd.fields.size() - 1)) % cmd.fields.size();
            Map.Entry<String, String> first = cmd.fields.get(a);
            Map.Entry<String, String> second = cmd.fields.get(b);
            if (random.nextBoolean()) { // swap values
                cmd.fields.set(a, field(first.getKey(), second.getValue()));
                cmd.fields.set(b, field(second.getKey(), first.getValue()));
            } else { // swap positions (order must not matter)
                cmd.fields.set(a, second);
                cmd.fields.set(b, first);
            }
            return;
        }
        String data = cmd.data(random);
        cmd.rawData = cmd.event;
        cmd.event = data;
    }

    private void hugeStrings(Cmd cmd) {
        int what = random.nextInt(5);
        String key;
        String value;
        if (what == 0) {
            key = "content";
            int[] lengths = {3999, 4000, 4001, 4096, 8000, 16000, 30000, 60000};
            int length = lengths[random.nextInt(lengths.length)];
            value = FuzzJson.longText(length, random, false);
            if (value.getBytes(StandardCharsets.UTF_8).length > 60_000) {
                value = FuzzJson.longText(length, random, true); // stay under the frame limit here
            }
        } else if (what == 1) {
            key = "content";
            cmd.fields.removeIf(entry -> entry.getKey().equals("type"));
            cmd.fields.add(field("type", plain(random.nextBoolean() ? "image" : "file")));
            value = FuzzJson.url(new int[]{2047, 2048, 2049, 5000, 20000}[random.nextInt(5)], random);
        } else if (what == 2) {
            key = List.of("receiverId", "roomId", "clientMessageId", "otherUserId").get(random.nextInt(4));
            value = FuzzJson.longText(new int[]{127, 128, 129, 1000, 10000}[random.nextInt(5)], random, false);
        } else if (what == 3) {
            cmd.event = plain("e".repeat(new int[]{63, 64, 65, 1000, 50000}[random.nextInt(5)]));
            return;
        } else {
            key = "x-" + "k".repeat(new int[]{100, 10000, 50000}[random.nextInt(3)]);
            value = "1";
            cmd.fields.add(field(key, value));
            return;
        }
        cmd.fields.removeIf(entry -> entry.getKey().equals(key));
        cmd.fields.add(field(key, plain(value)));
    }

    /** A frame of exactly 65,535 or 65,536 bytes (or a little under): it must be read, not refused as too big. */
    private FuzzFrame nearLimit() {
        int size = new int[]{65_536, 65_535, 65_000, 64_000}[random.nextInt(4)];
        Cmd cmd = new Cmd();
        cmd.event = plain("send_direct_message");
        cmd.ack = Long.toString(nextAck++);
        cmd.fields.add(field("receiverId", plain(peer())));
        cmd.fields.add(field("content", "\"@@PAD@@\""));
        String empty = render(cmd);
        int padding = size - (empty.getBytes(StandardCharsets.UTF_8).length - "@@PAD@@".length());
        String text = empty.replace("@@PAD@@", "n".repeat(Math.max(0, padding)));
        return FuzzFrame.text("near_frame_limit", text);
    }

    /** Over 65,536 bytes: as one frame, in fragments, or binary. The socket must be closed with 1009. */
    private FuzzFrame oversize() {
        int size = new int[]{65_537, 65_540, 70_000, 200_000, 1_000_000}[random.nextInt(5)];
        Cmd cmd = valid();
        cmd.fields.add(field("padding", plain("p".repeat(size))));
        byte[] bytes = java.util.Arrays.copyOf(render(cmd).getBytes(StandardCharsets.UTF_8), size);
        int shape = random.nextInt(4);
        if (shape == 0) {
            return new FuzzFrame("oversize", bytes, true, 1);
        }
        // in fragments of at most 60,000 bytes (each frame is fine, the message is not), or as one frame
        return new FuzzFrame("oversize", bytes, false, shape == 1 ? size / 60_000 + 1 + random.nextInt(5) : 1);
    }

    private FuzzFrame deepNesting(Cmd cmd) {
        int[] depths = {10, 100, 500, 999, 1000, 1001, 2000, 5000, 10_000};
        int depth = depths[random.nextInt(depths.length)];
        boolean objects = random.nextBoolean() && depth <= 10_000;
        boolean closed = random.nextInt(5) != 0;
        String nested = FuzzJson.deep(depth, objects, closed);
        switch (random.nextInt(5)) {
            case 0 -> {
                return FuzzFrame.text("deep_nesting", protocol == FuzzSocket.Protocol.NATIVE ? nested : "42" + nested);
            }
            case 1 -> cmd.rawData = nested;
            case 2 -> cmd.fields.add(field(random.nextBoolean() ? "content" : "extra", nested));
            case 3 -> cmd.event = nested;
            default -> {
                if (protocol == FuzzSocket.Protocol.NATIVE) {
                    cmd.ack = nested;
                } else {
                    cmd.extraEnvelope.add(field("third", nested));
                }
            }
        }
        return FuzzFrame.text("deep_nesting", render(cmd));
    }

    private void numbers(Cmd cmd) {
        if (random.nextBoolean()) {
            if (protocol == FuzzSocket.Protocol.NATIVE) {
                cmd.ack = random.nextInt(4) == 0 ? FuzzJson.notANumber(random) : FuzzJson.number(random);
            } else {
                cmd.ack = switch (random.nextInt(6)) {
                    case 0 -> "9".repeat(16);
                    case 1 -> "9".repeat(17);
                    case 2 -> "1".repeat(400);
                    case 3 -> "000" + nextAck++;
                    case 4 -> "0";
                    default -> Long.toString(Long.MAX_VALUE);
                };
            }
            return;
        }
        String key = cmd.fields.get(random.nextInt(cmd.fields.size())).getKey();
        cmd.fields.replaceAll(entry -> entry.getKey().equals(key)
                ? field(key, random.nextInt(4) == 0 ? FuzzJson.notANumber(random) : FuzzJson.number(random)) : entry);
        if (random.nextInt(3) == 0) {
            cmd.fields.add(field("seq", FuzzJson.number(random)));
        }
    }

    private void unicode(Cmd cmd) {
        String edge = FuzzJson.UNICODE.get(random.nextInt(FuzzJson.UNICODE.size()));
        int what = random.nextInt(10);
        if (what < 5) { // content: valid sends with odd text must be stored exactly, invalid ones not at all
            String content = switch (random.nextInt(4)) {
                case 0 -> edge;
                case 1 -> contentPrefix + serial + " " + edge;
                case 2 -> "e" + "\u0301".repeat(1 + random.nextInt(3999));
                default -> edge + edge + contentPrefix + serial;
            };
            cmd.fields.removeIf(entry -> entry.getKey().equals("content") || entry.getKey().equals("type"));
            cmd.fields.add(field("content", FuzzJson.str(content, random)));
        } else if (what < 8) {
            String key = cmd.fields.get(random.nextInt(cmd.fields.size())).getKey();
            String value = random.nextBoolean() ? edge : valueLike(key) + edge;
            cmd.fields.replaceAll(entry -> entry.getKey().equals(key) ? field(key, FuzzJson.str(value, random)) : entry);
        } else if (what == 8) {
            cmd.event = FuzzJson.str(edge, random);
        } else { // keys written with escapes, or keys that only look like the real ones
            cmd.fields.replaceAll(entry -> field(random.nextBoolean() ? entry.getKey() : entry.getKey() + edge, entry.getValue()));
        }
    }

    private FuzzFrame binary(Cmd cmd) {
        byte[] bytes = switch (random.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> render(cmd).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] noise = new byte[1 + random.nextInt(2000)];
                random.nextBytes(noise);
                yield noise;
            }
            case 3 -> new byte[]{0x04, 0x32};
            default -> ("4" + "2" + FuzzJson.arr(List.of(plain("send_direct_message"), "{}"))).getBytes(StandardCharsets.UTF_8);
        };
        return new FuzzFrame("binary", bytes, true, 1);
    }

    private FuzzFrame envelope(Cmd cmd) {
        if (protocol == FuzzSocket.Protocol.NATIVE) {
            switch (random.nextInt(8)) {
                case 0 -> {
                    String root = List.of("[]", "[1,2]", "\"send_direct_message\"", "42", "null", "true", "{}", "",
                            " ", "[{\"event\":\"send_direct_message\",\"data\":{}}]").get(random.nextInt(10));
                    return FuzzFrame.text("envelope", root);
                }
                case 1 -> cmd.rawData = List.of("[]", "\"data\"", "1", "true", "[{\"receiverId\":\"x\"}]").get(random.nextInt(5));
                case 2 -> cmd.extraEnvelope.add(field(List.of("Event", "EVENT", "evenT", "data ", "ack", "id", "type")
                        .get(random.nextInt(7)), FuzzJson.wrongType(random)));
                case 3 -> cmd.event = plain(List.of("", " ", "\t\n").get(random.nextInt(3)));
                case 4 -> cmd.ack = List.of("-1", "\"1\"", "1.5", "[1]", "{\"id\":1}", "true").get(random.nextInt(6));
                case 5 -> cmd.omitData = true;
                case 6 -> {
                    cmd.extraEnvelope.add(field("event", plain("leave_room")));
                    cmd.extraEnvelope.add(field("data", "{\"roomId\":\"dup\"}"));
                }
                default -> cmd.extraEnvelope.add(field("__proto__", "{\"isAdmin\":true}"));
            }
            return FuzzFrame.text("envelope", render(cmd));
        }
        String ack = cmd.ack == null ? "" : cmd.ack;
        String data = cmd.data(random);
        String frame = switch (random.nextInt(10)) {
            case 0 -> "42" + ack + "[]";
            case 1 -> "42" + ack + "[" + cmd.event + "]";
            case 2 -> "42" + ack + "[" + cmd.event + "," + data + "," + data + "]";
            case 3 -> "42" + ack + "[1," + data + "]";
            case 4 -> "42" + ack + "[null," + data + "]";
            case 5 -> "42" + ack + "[" + cmd.event + ",\"string\"]";
            case 6 -> "42" + ack + "[" + cmd.event + ",[" + data + "]]";
            case 7 -> "42" + ack + "{\"event\":" + cmd.event + ",\"data\":" + data + "}";
            case 8 -> "42" + ack + cmd.event;
            default -> "42" + ack + "[" + cmd.event + ",null]";
        };
        return FuzzFrame.text("envelope", frame);
    }

    // ------------------------------------------------------------------ Engine.IO / Socket.IO packets

    private FuzzFrame socketIoOnly(String category) {
        Cmd cmd = valid();
        String event = "[" + cmd.event + "," + cmd.data(random) + "]";
        String frame = switch (category) {
            case "eio_packets" -> switch (random.nextInt(16)) {
                case 0 -> "0";
                case 1 -> "0{\"sid\":\"x\"}";
                case 2 -> "5";
                case 3 -> "6";
                case 4 -> "2";
                case 5 -> "2probe";
                case 6 -> "3";
                case 7 -> "3probe";
                case 8 -> "4";
                case 9 -> "";
                case 10 -> " 42" + event;
                case 11 -> "7" + event;
                case 12 -> "b4" + Base64Like.of(random);
                case 13 -> "\u0000";
                case 14 -> "9";
                default -> new String(Character.toChars(0x20 + random.nextInt(0x2000))) + event;
            };
            case "sio_packets" -> {
                String type = List.of("0", "2", "3", "4", "5", "6", "7", "9", "x", "/", " ", "-").get(random.nextInt(12));
                String namespace = List.of("", "", "", "/,", "/admin,", "/admin", "//,", "/" + "n".repeat(300) + ",",
                        "/\u00e9,", "/,/,", ",").get(random.nextInt(11));
                String attachments = type.equals("5") || type.equals("6")
                        ? List.of("1-", "0-", "", "-", "999-", "1000-", "x-").get(random.nextInt(7)) : "";
                String ack = random.nextBoolean() ? "" : List.of(Long.toString(nextAck++), "0", "9".repeat(17)).get(random.nextInt(3));
                String payload = switch (random.nextInt(8)) {
                    case 0 -> "";
                    case 1 -> "{}";
                    case 2 -> "{\"token\":" + plain(token()) + "}";
                    case 3 -> "\"str\"";
                    case 4 -> "[\"x\"";
                    case 5 -> event + "  ";
                    case 6 -> event + event;
                    default -> event;
                };
                yield "4" + (type.equals("/") ? "" : type) + attachments + namespace + ack + payload;
            }
            case "client_ack" -> List.of("43", "431", "431[]", "43[]", "431{}", "43/,1[]", "43" + "9".repeat(17) + "[]",
                    "43" + nextAck++ + "[{\"ok\":true}]", "43/admin,1[]").get(random.nextInt(9));
            case "binary_packets" -> List.of("451-" + event, "451-" + (nextAck++) + event, "45-" + event,
                    "4510-" + event, "451000-" + event, "46" + "1-" + (nextAck++) + "[]", "461-[]", "452-/admin," + event,
                    "45" + "1-" + "[\"send_direct_message\",{\"_placeholder\":true,\"num\":0}]").get(random.nextInt(9));
            case "disconnect" -> List.of("41", "1", "41/,", "1probe", "415", "41/admin,", "41{}", "41[]").get(random.nextInt(8));
            default -> List.of("40", "40{\"token\":" + plain(token()) + "}", "40/admin,{}", "40{\"token\":123}", "40[]",
                    "40/admin,{\"token\":" + plain(targets.ownToken()) + "}", "40{\"token\":null}").get(random.nextInt(7));
        };
        if ("binary_packets".equals(category) && random.nextInt(3) == 0) {
            byte[] attachment = new byte[random.nextInt(64)];
            random.nextBytes(attachment);
            return new FuzzFrame(category, attachment, true, 1);
        }
        return FuzzFrame.text(category, frame);
    }

    /** A short Engine.IO 3 style base64 message ("b4…"), which Engine.IO 4 does not have. */
    private static final class Base64Like {
        static String of(Random random) {
            byte[] bytes = new byte[1 + random.nextInt(20)];
            random.nextBytes(bytes);
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    // ------------------------------------------------------------------ weights

    private static int sum(int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        return total;
    }

    private static int index(int[] weights, int pick) {
        for (int i = 0; i < weights.length; i++) {
            if (pick < weights[i]) {
                return i;
            }
            pick -= weights[i];
        }
        return weights.length - 1;
    }

    /** The categories this generator draws from, with their weights (for the report). */
    static Map<String, Integer> weights(FuzzSocket.Protocol protocol) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        int[] common = protocol == FuzzSocket.Protocol.NATIVE ? NATIVE_WEIGHTS : SOCKET_IO_COMMON_WEIGHTS;
        for (int i = 0; i < COMMON.length; i++) {
            weights.put(COMMON[i], common[i]);
        }
        if (protocol == FuzzSocket.Protocol.SOCKET_IO) {
            for (int i = 0; i < SOCKET_IO_ONLY.length; i++) {
                weights.put(SOCKET_IO_ONLY[i], SOCKET_IO_ONLY_WEIGHTS[i]);
            }
        }
        return weights;
    }
}
