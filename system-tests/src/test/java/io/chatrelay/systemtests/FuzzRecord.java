package io.chatrelay.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one fuzz run did and saw, shared by its threads: counters by name, the violations found, and what the
 * oracle allows to be stored (valid sends, valid room names, the message ids the server acknowledged).
 */
final class FuzzRecord {

    private static final int MAX_EXAMPLES_PER_KIND = 8;

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> violationCounts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> knownCounts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> knownExamples = new ConcurrentLinkedQueue<>();

    final Set<FuzzOracle.SendKey> validSends = ConcurrentHashMap.newKeySet();
    /** {@code owner + "\n" + trimmed name} of every room-creating request the oracle finds valid. */
    final Set<String> validRoomNames = ConcurrentHashMap.newKeySet();
    /** Every user id a room request named as a member, valid or not. */
    final Set<String> namedMembers = ConcurrentHashMap.newKeySet();
    /** Rows an open issue ({@link FuzzKnownIssues} K3, K4) explains: degraded sends, coerced room names and members. */
    final Map<FuzzOracle.SendKey, String> knownGarbageSends = new ConcurrentHashMap<>();
    final Map<String, String> knownGarbageRoomNames = new ConcurrentHashMap<>();
    final Map<String, String> knownGarbageMembers = new ConcurrentHashMap<>();
    /** Message ids the server said it stored (ok acks, message_sent, REST 200/201). */
    final Set<String> acknowledgedMessageIds = ConcurrentHashMap.newKeySet();
    /** Users whose every stored row must be explained by {@link #validSends}. */
    final Set<String> fuzzUsers = ConcurrentHashMap.newKeySet();

    void count(String key) {
        counters.computeIfAbsent(key, ignored -> new LongAdder()).increment();
    }

    void count(String key, long amount) {
        counters.computeIfAbsent(key, ignored -> new LongAdder()).add(amount);
    }

    long get(String key) {
        LongAdder counter = counters.get(key);
        return counter == null ? 0 : counter.sum();
    }

    /** Sum of the counters whose name starts with {@code prefix}. */
    long sum(String prefix) {
        return counters.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(entry -> entry.getValue().sum()).sum();
    }

    /**
     * A broken promise: {@code kind} groups them, the first few of each kind keep their details. One that an open,
     * reported issue explains ({@link FuzzKnownIssues}) is counted apart.
     */
    void violation(String kind, String details) {
        FuzzKnownIssues.Issue known = FuzzKnownIssues.explaining(kind, details);
        if (known != null) {
            LongAdder seen = knownCounts.computeIfAbsent(known.id(), ignored -> new LongAdder());
            seen.increment();
            if (seen.sum() <= 3) {
                knownExamples.add(known.id() + " " + kind + ": " + details);
            }
            return;
        }
        LongAdder seen = violationCounts.computeIfAbsent(kind, ignored -> new LongAdder());
        seen.increment();
        if (seen.sum() <= MAX_EXAMPLES_PER_KIND) {
            violations.add(kind + ": " + details);
        }
    }

    Map<String, Long> violationCounts() {
        Map<String, Long> counts = new TreeMap<>();
        violationCounts.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    Map<String, Long> knownCounts() {
        Map<String, Long> counts = new TreeMap<>();
        knownCounts.forEach((id, count) -> counts.put(id, count.sum()));
        return counts;
    }

    List<String> knownExamples() {
        return new ArrayList<>(knownExamples);
    }

    List<String> violationExamples() {
        return new ArrayList<>(violations);
    }

    /** Counters as sorted lines {@code name = value}, grouped by their first segment. */
    String counters(String prefix) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counters).forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.append(String.format("  %-72s %8d%n", key, value.sum()));
            }
        });
        return out.toString();
    }
}
