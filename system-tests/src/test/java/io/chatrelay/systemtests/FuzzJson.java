package io.chatrelay.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON text built by hand, so the fuzz test can write what a JSON library would not: duplicate keys, lone
 * surrogates as escapes, numbers no Java type holds, nesting 10,000 deep, random whitespace and escapes. Every
 * value is a JSON text fragment; the generator works on fragments and the oracle reads the final text.
 */
final class FuzzJson {

    /** Unicode edge cases; some are valid content, some must be refused, none may be stored changed. */
    static final List<String> UNICODE = List.of(
            "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\ud800", "\udfff", "x\udc00\ud800y", "\ud83d", "\ude00x",
            "\ud83d\ude00", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66", "\ufeff", "\ufeffhi",
            "\u200b", "\u200b\u200b\u200b", "\u202eevil", "e\u0301", "\ufffe", "\uffff", "\ufffd", "\u00a0",
            "\u3000", "\u2028\u2029", "\t\n\r", " ", "  x  ", "\u0645\u0631\u062d\u0628\u0627", "\u4f60\u597d",
            "\udbff\udfff", "\ud800\udc00", "%00", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --",
            "${jndi:ldap://x.test/a}", "\\", "\"", "\\u0000", "null", "undefined", "{}", "[]", "\u0085", "\u180e",
            "I\u0307", "\u0130", "\u1e9e", "\ud834\udd1e");

    private FuzzJson() {
    }

    /** A JSON string literal; lone surrogates and control characters are escaped, other characters now and then. */
    static String str(String value, Random random) {
        return str(value, random.nextInt(8) == 0, random);
    }

    /** A string literal without surprises. */
    static String plain(String value) {
        return str(value, false, null);
    }

    private static String str(String value, boolean escapeMore, Random random) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean pairEnd = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (c == '"') {
                out.append("\\\"");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || Character.isSurrogate(c) && !pairStart && !pairEnd
                    || escapeMore && c > 0x7e && random.nextBoolean() || escapeMore && random.nextInt(10) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String obj(List<Map.Entry<String, String>> fields, Random random) {
        StringBuilder out = new StringBuilder().append('{');
        String space = random.nextInt(6) == 0 ? ws(random) : "";
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',').append(space);
            }
            out.append(space).append(str(fields.get(i).getKey(), random)).append(space).append(':').append(space)
                    .append(fields.get(i).getValue());
        }
        return out.append(space).append('}').toString();
    }

    static String arr(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    static Map.Entry<String, String> field(String key, String valueJson) {
        return Map.entry(key, valueJson);
    }

    static String ws(Random random) {
        return List.of(" ", "\n", "\t", "\r\n", "  ", " \t ").get(random.nextInt(6));
    }

    /** A value of some JSON type, usually not the one a field expects. */
    static String wrongType(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> "42";
            case 1 -> "-1";
            case 2 -> "1.5";
            case 3 -> "true";
            case 4 -> "false";
            case 5 -> "null";
            case 6 -> "[]";
            case 7 -> "{}";
            case 8 -> "[\"x\"]";
            case 9 -> "{\"a\":1}";
            case 10 -> "\"\"";
            case 11 -> number(random);
            case 12 -> deep(random.nextInt(50) + 1, random.nextBoolean(), true);
            case 13 -> "[null]";
            case 14 -> "0";
            default -> "{\"content\":\"nested\",\"receiverId\":\"x\"}";
        };
    }

    /** Numbers at and beyond the edges of what parsers and Java types hold. */
    static String number(Random random) {
        return switch (random.nextInt(22)) {
            case 0 -> "0";
            case 1 -> "-0";
            case 2 -> "-1";
            case 3 -> "1.0";
            case 4 -> "1e3";
            case 5 -> "1E+2";
            case 6 -> "9223372036854775807";
            case 7 -> "9223372036854775808";
            case 8 -> "-9223372036854775809";
            case 9 -> "18446744073709551616";
            case 10 -> "1e400";
            case 11 -> "-1e400";
            case 12 -> "1e-400";
            case 13 -> "4.9e-324";
            case 14 -> "9007199254740993";
            case 15 -> "1".repeat(400);
            case 16 -> "9".repeat(1200);
            case 17 -> "0." + "0".repeat(1100) + "1";
            case 18 -> "2147483648";
            case 19 -> "-2147483649";
            case 20 -> "123456789012345678901234567890.5e10";
            default -> "1" + "0".repeat(random.nextInt(30));
        };
    }

    /** Not JSON numbers, though they look like numbers to some parsers. */
    static String notANumber(Random random) {
        return List.of("NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e", "--1", "1_000", "0b1")
                .get(random.nextInt(12));
    }

    /** Arrays or objects nested {@code depth} deep, closed or not. */
    static String deep(int depth, boolean objects, boolean closed) {
        StringBuilder out = new StringBuilder(depth * (objects ? 6 : 2));
        for (int i = 0; i < depth; i++) {
            out.append(objects ? "{\"a\":" : "[");
        }
        out.append("1");
        if (closed) {
            for (int i = 0; i < depth; i++) {
                out.append(objects ? '}' : ']');
            }
        }
        return out.toString();
    }

    /** {@code count} code points: ASCII, or astral emoji (4 bytes each), or a mix. */
    static String longText(int count, Random random, boolean asciiOnly) {
        int kind = asciiOnly ? 0 : random.nextInt(3);
        StringBuilder out = new StringBuilder(count * 2);
        for (int i = 0; i < count; i++) {
            if (kind == 1 || kind == 2 && random.nextBoolean()) {
                out.appendCodePoint(0x1F600 + random.nextInt(60));
            } else {
                out.append((char) ('a' + random.nextInt(26)));
            }
        }
        return out.toString();
    }

    /** An http(s) URL of exactly {@code length} characters. */
    static String url(int length, Random random) {
        String prefix = random.nextBoolean() ? "https://cdn.test/" : "http://img.test/p/";
        StringBuilder out = new StringBuilder(prefix);
        while (out.length() < length) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.substring(0, Math.max(length, 0));
    }

    /** Text mutations that break JSON (or, now and then, leave it valid). */
    static String breakText(String json, Random random) {
        if (json.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(json.length());
        return switch (random.nextInt(20)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(at);
            case 2 -> json.substring(0, at) + (char) (random.nextInt(94) + 33) + json.substring(at);
            case 3 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1));
            case 4 -> json + "}";
            case 5 -> json + " trailing garbage";
            case 6 -> json + json;
            case 7 -> json.replace('"', '\'');
            case 8 -> json.replace(":", "=");
            case 9 -> json.replace(",", ",,");
            case 10 -> json.replaceFirst("}$", ",}");
            case 11 -> "/* comment */" + json;
            case 12 -> "\ufeff" + json;
            case 13 -> json.replace("\"", "");
            case 14 -> json.substring(0, at) + "\\" + json.substring(at);
            case 15 -> json.substring(0, at) + "\"" + json.substring(at);
            case 16 -> json.toUpperCase();
            case 17 -> "[" + json + "]";
            case 18 -> json.substring(0, at) + notANumber(random) + json.substring(at);
            default -> ws(random) + json + ws(random);
        };
    }

    /** Bytes that are not well-formed UTF-8, spliced into well-formed text. */
    static byte[] invalidUtf8(byte[] text, Random random) {
        byte[][] bad = {
                {(byte) 0xff}, {(byte) 0xfe}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xed, (byte) 0xbf, (byte) 0xbf},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0x80}, {(byte) 0xbf}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98},
                {(byte) 0xc1, (byte) 0xbf}, {(byte) 0xfc, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = random.nextInt(4) == 0 ? text.length : random.nextInt(text.length + 1);
        if (random.nextInt(3) == 0) {
            // inside a string value, where a lenient decoder would let it through to the content
            int quote = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf("\"content\":\"");
            if (quote >= 0) {
                at = quote + 11;
            }
        }
        byte[] out = new byte[text.length + insert.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(text, at, out, at + insert.length, text.length - at);
        return out;
    }

    static List<Map.Entry<String, String>> copy(List<Map.Entry<String, String>> fields) {
        return new ArrayList<>(fields);
    }
}
