package io.chatrelay.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} command-line options; durations as {@code 500ms}, {@code 10s}, {@code 2m}. */
final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> raw;

    Options(List<String> args) {
        this.raw = List.copyOf(args);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(name, args.get(++i));
            } else {
                values.put(name, "true");
            }
        }
    }

    List<String> raw() {
        return raw;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String str(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    double dbl(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    boolean flag(String name, boolean fallback) {
        String v = values.get(name);
        return v == null ? fallback : !v.equals("false");
    }

    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : parseDuration(v);
    }

    static Duration parseDuration(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    /** The options with some replaced or added (for worker processes). */
    static List<String> with(List<String> args, Map<String, String> overrides) {
        List<String> out = new ArrayList<>();
        Options parsed = new Options(args);
        Map<String, String> merged = new LinkedHashMap<>(parsed.values);
        merged.putAll(overrides);
        merged.forEach((k, v) -> {
            out.add("--" + k);
            out.add(v);
        });
        return out;
    }
}
