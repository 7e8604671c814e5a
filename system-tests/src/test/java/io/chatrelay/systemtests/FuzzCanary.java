package io.chatrelay.systemtests;

import io.chatrelay.systemtests.FuzzSocket.ServerFrame;
import io.vertx.core.http.WebSocketClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two users who have nothing to do with the fuzzing, on their own sockets of the fuzzed gateway, chatting
 * throughout the run: one direct message at a time, alternating direction. Every acknowledged message must
 * reach the other user exactly once; the latencies say whether the fuzzing slowed them down.
 */
final class FuzzCanary implements Runnable {

    private static final Duration ACK_WAIT = Duration.ofSeconds(15);

    private final WebSocketClient client;
    private final int port;
    private final String[] users;
    private final String[] tokens;
    private final FuzzRecord record;
    private final Duration pause;
    private volatile boolean running = true;
    private final FuzzSocket[] sockets = new FuzzSocket[2];
    /** clientMessageId → when it was sent (nanoTime), for every acknowledged message. */
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    /** clientMessageId → 0 sent before the fuzzing, 1 during, 2 after. */
    private final Map<String, Integer> phaseOf = new ConcurrentHashMap<>();
    /** clientMessageId → arrivals at the receiver. */
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final List<Long> ackMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long fuzzStart = Long.MAX_VALUE;
    private volatile long fuzzEnd = Long.MAX_VALUE;
    private int sent;

    FuzzCanary(WebSocketClient client, int port, String userA, String tokenA, String userB, String tokenB,
               FuzzRecord record, Duration pause) {
        this.client = client;
        this.port = port;
        this.users = new String[]{userA, userB};
        this.tokens = new String[]{tokenA, tokenB};
        this.record = record;
        this.pause = pause;
    }

    void connect() {
        for (int i = 0; i < 2; i++) {
            int me = i;
            sockets[i] = FuzzSocket.connect(client, port, "/ws?access_token=" + tokens[i], FuzzSocket.Protocol.NATIVE,
                    (socket, frame) -> received(me, frame));
        }
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long ack = 1;
        while (running) {
            int from = sent % 2;
            int to = 1 - from;
            String clientMessageId = "canary-" + users[from] + "-" + sent;
            long ackId = ack++;
            CompletableFuture<ServerFrame> answer = sockets[from].expectAck(ackId);
            long start = System.nanoTime();
            sockets[from].sendText("{\"event\":\"send_direct_message\",\"ack\":" + ackId + ",\"data\":{\"receiverId\":\""
                    + users[to] + "\",\"content\":\"canary " + sent + "\",\"clientMessageId\":\"" + clientMessageId + "\"}}");
            sent++;
            phaseOf.put(clientMessageId, fuzzStart == Long.MAX_VALUE ? 0 : fuzzEnd == Long.MAX_VALUE ? 1 : 2);
            try {
                ServerFrame reply = answer.get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (reply.data().path("ok").asBoolean(false)) {
                    ackMillis.add((System.nanoTime() - start) / 1_000_000);
                    sentAt.put(clientMessageId, start);
                    record.acknowledgedMessageIds.add(reply.data().path("message").path("id").asText());
                } else {
                    failures.incrementAndGet();
                    record.violation("canary affected", "send " + clientMessageId + " failed: " + reply.data());
                }
            } catch (Exception timedOut) {
                failures.incrementAndGet();
                record.violation("canary affected", "no ack within " + ACK_WAIT.toSeconds() + " s for " + clientMessageId
                        + (sockets[from].isOpen() ? "" : " (socket closed with " + sockets[from].closeCode() + ")"));
            }
            sleep(pause.toMillis());
        }
    }

    private void received(int me, ServerFrame frame) {
        if ("unreadable".equals(frame.kind())) {
            record.violation("canary affected", users[me] + " got an unreadable frame " + frame.raw());
            return;
        }
        if (!"event".equals(frame.kind())) {
            return;
        }
        if ("message_error".equals(frame.event())) {
            record.violation("canary affected", users[me] + " got " + frame.raw());
        } else if ("new_direct_message".equals(frame.event())) {
            String clientMessageId = frame.data().path("clientMessageId").asText();
            String sender = frame.data().path("senderId").asText();
            if (!sender.equals(users[1 - me]) || !clientMessageId.startsWith("canary-")) {
                record.violation("canary affected", users[me] + " got a message it was not sent: " + frame.raw());
                return;
            }
            firstArrival.putIfAbsent(clientMessageId, System.nanoTime());
            arrivals.computeIfAbsent(clientMessageId, ignored -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** The fuzzing starts now: messages sent from here on count as "during". */
    void fuzzingStarts() {
        fuzzStart = System.nanoTime();
    }

    /** The fuzzing is over: messages sent from here on count as "after". */
    void fuzzingEnded() {
        fuzzEnd = System.nanoTime();
    }

    /** Blocks until {@code count} messages were acknowledged (a baseline before the fuzzing), at most {@code wait}. */
    void awaitAcknowledged(int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (sentAt.size() < count && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    /**
     * Waits (bounded) for the acknowledged messages still on their way, then checks each arrived exactly once.
     *
     * @return the report lines
     */
    List<String> finish(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && sentAt.keySet().stream().anyMatch(id -> !arrivals.containsKey(id))) {
            sleep(100);
        }
        int deliveredOnce = 0;
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            AtomicInteger count = arrivals.get(sent.getKey());
            if (count == null) {
                record.violation("canary affected", sent.getKey() + " was acknowledged but never arrived");
            } else if (count.get() != 1) {
                record.violation("canary affected", sent.getKey() + " arrived " + count.get() + " times");
            } else {
                deliveredOnce++;
            }
        }
        for (int i = 0; i < 2; i++) {
            if (!sockets[i].isOpen()) {
                record.violation("canary affected", users[i] + "'s socket was closed with " + sockets[i].closeCode()
                        + " \"" + sockets[i].closeReason() + "\"");
            }
            sockets[i].close();
        }
        record.count("canary.sent", sent);
        record.count("canary.acknowledged", sentAt.size());
        record.count("canary.delivered_once", deliveredOnce);
        record.count("canary.failed", failures.get());
        List<Long> acks;
        synchronized (ackMillis) {
            acks = new ArrayList<>(ackMillis);
        }
        return List.of(
                "canary messages sent " + sent + ", acknowledged " + sentAt.size() + ", delivered exactly once "
                        + deliveredOnce + ", failed " + failures.get(),
                "canary ack latency ms (whole run)       " + percentiles(acks),
                "canary delivery latency ms before fuzzing " + percentiles(deliveryMillis(0)),
                "canary delivery latency ms during fuzzing " + percentiles(deliveryMillis(1)),
                "canary delivery latency ms after fuzzing  " + percentiles(deliveryMillis(2)),
                "canary delivery latency during fuzzing, worst per 10 s (ms): " + worstPerWindow());
    }

    /** The delivery latencies' quantile (ms) of the messages sent while the fuzzing ran. */
    long duringFuzzingPercentile(double quantile) {
        return percentile(deliveryMillis(1), quantile);
    }

    private List<Long> deliveryMillis(int phase) {
        List<Long> millis = new ArrayList<>();
        sentAt.forEach((clientMessageId, start) -> {
            Long arrived = firstArrival.get(clientMessageId);
            if (arrived != null && phaseOf.get(clientMessageId) == phase) {
                millis.add((arrived - start) / 1_000_000);
            }
        });
        return millis;
    }

    static long percentile(List<Long> values, double quantile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private String worstPerWindow() {
        Map<Long, Long> worst = new java.util.TreeMap<>();
        sentAt.forEach((clientMessageId, start) -> {
            Long arrived = firstArrival.get(clientMessageId);
            if (arrived != null && phaseOf.get(clientMessageId) == 1) {
                worst.merge((start - fuzzStart) / 10_000_000_000L, (arrived - start) / 1_000_000, Math::max);
            }
        });
        return worst.values().toString();
    }

    private static String percentiles(List<Long> values) {
        return String.format("p50 %d  p90 %d  p99 %d  max %d  (n=%d)", percentile(values, 0.5), percentile(values, 0.9),
                percentile(values, 0.99), percentile(values, 1.0), values.size());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
