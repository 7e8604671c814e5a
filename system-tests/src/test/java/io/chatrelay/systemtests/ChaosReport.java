package io.chatrelay.systemtests;

import java.util.List;

/**
 * What one fault did to a steady load. {@code recoveryMillis}: from the fault until the service is whole
 * again (see each scenario); {@code longestAckPauseMillis}: the longest time no send was acknowledged.
 */
record ChaosReport(String scenario, int sent, int acknowledged, int failedAttempts, int delivered, int duplicates,
                   int lost, int outOfOrder, int unacknowledged, int reconnects, long recoveryMillis,
                   long longestAckPauseMillis, List<String> acknowledgedIds) {

    static final String TABLE_HEADER = """
            | fault | sent | acknowledged | failed attempts (retried) | delivered | duplicates | acknowledged and lost | out of order | never acknowledged | reconnects | recovery | longest pause in acks |
            |---|---|---|---|---|---|---|---|---|---|---|---|""";

    String tableRow() {
        return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %.1f s |".formatted(scenario, sent,
                acknowledged, failedAttempts, delivered, duplicates, lost, outOfOrder, unacknowledged, reconnects,
                recoveryMillis / 1000.0, longestAckPauseMillis / 1000.0);
    }
}
