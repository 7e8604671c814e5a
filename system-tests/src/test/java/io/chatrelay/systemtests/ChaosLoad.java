package io.chatrelay.systemtests;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A steady send load between pairs of {@link ChaosClient}s, kept up while a fault is injected. A send that
 * fails (error ack, no ack, socket gone) is retried with the same {@code clientMessageId}, as apps are told
 * to, backing off from 0.5 s to 4 s; the load then counts what was sent, acknowledged, shown to the receiver, duplicated and lost.
 */
final class ChaosLoad implements AutoCloseable {

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 4_000;

    private record Pair(ChaosClient sender, ChaosClient receiver) {
    }

    private final List<Pair> pairs = new ArrayList<>();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // clientMessageId → message id
    private final Map<String, ChaosClient> receiverOf = new ConcurrentHashMap<>(); // clientMessageId → receiver
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicLong lastAckAt = new AtomicLong();
    private final AtomicLong longestAckGapMillis = new AtomicLong();
    private final Map<Pair, Long> lastAcknowledgedSendMadeAt = new ConcurrentHashMap<>();
    private volatile boolean sending;
    private volatile long giveUpAt = Long.MAX_VALUE;

    /**
     * {@code pairCount} senders and receivers; client i connects first to {@code gateways[i % size]} and moves
     * on along the list when its socket drops.
     */
    ChaosLoad(String run, int pairCount, List<URI> gateways) {
        for (int i = 0; i < pairCount; i++) {
            String tag = run + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            pairs.add(new Pair(new ChaosClient("sender-" + tag, gateways, i).connect(),
                    new ChaosClient("receiver-" + tag, gateways, i + 1).connect()));
        }
    }

    /** Each sender sends {@code perSecond} messages a second to its receiver until {@link #stopSending()}. */
    void startSending(int perSecond) {
        sending = true;
        lastAckAt.set(System.currentTimeMillis());
        long period = 1_000_000 / perSecond;
        for (Pair pair : pairs) {
            clock.scheduleAtFixedRate(() -> {
                if (sending) {
                    String clientMessageId = "chaos-" + UUID.randomUUID();
                    sent.incrementAndGet();
                    receiverOf.put(clientMessageId, pair.receiver());
                    attempt(pair, clientMessageId, System.currentTimeMillis(), FIRST_RETRY_MILLIS);
                }
            }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MICROSECONDS);
        }
    }

    void stopSending() {
        sending = false;
    }

    /** Waits until every send was acknowledged and every acknowledged message shown, or the time is up. */
    ChaosReport settle(String scenario, long recoveryMillis, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        giveUpAt = deadline;
        while (System.currentTimeMillis() < deadline && !settled()) {
            Thread.sleep(200);
        }
        giveUpAt = 0;
        int delivered = 0;
        int lost = 0;
        for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
            if (receiverOf.get(ack.getKey()).hasShown(ack.getValue())) {
                delivered++;
            } else {
                lost++;
            }
        }
        int duplicates = pairs.stream().mapToInt(pair -> pair.receiver().duplicatesShown.get()).sum();
        int outOfOrder = pairs.stream().mapToInt(pair -> pair.receiver().shownOutOfOrder.get()).sum();
        int reconnects = pairs.stream().mapToInt(pair -> pair.sender().reconnects.get() + pair.receiver().reconnects.get()).sum();
        return new ChaosReport(scenario, sent.get(), acknowledged.size(), failedAttempts.get(), delivered, duplicates,
                lost, outOfOrder, sent.get() - acknowledged.size(), reconnects, recoveryMillis,
                longestAckGapMillis.get(), List.copyOf(acknowledged.values()));
    }

    /** The last time a client's socket finished a resume after a reconnect (epoch ms; 0 when none did). */
    long lastResumedAt() {
        return pairs.stream().flatMap(pair -> Stream.of(pair.sender(), pair.receiver()))
                .mapToLong(client -> client.lastResumedAt).max().orElse(0);
    }

    /** True once every pair had a send acknowledged that it first made at or after {@code since} (epoch ms). */
    boolean everyPairAcknowledgedASendMadeSince(long since) {
        return pairs.stream().allMatch(pair -> lastAcknowledgedSendMadeAt.getOrDefault(pair, 0L) >= since);
    }

    private boolean settled() {
        return acknowledged.size() == sent.get() && acknowledged.entrySet().stream()
                .allMatch(ack -> receiverOf.get(ack.getKey()).hasShown(ack.getValue()));
    }

    /** Sends, and after a failure retries with the same clientMessageId, backing off like a polite app. */
    private void attempt(Pair pair, String clientMessageId, long madeAt, long retryMillis) {
        pair.sender().send(pair.receiver().userId, "chaos " + clientMessageId, clientMessageId)
                .whenComplete((data, failure) -> {
                    if (failure == null && data.getBoolean("ok", false)) {
                        acknowledged(clientMessageId, data);
                        lastAcknowledgedSendMadeAt.merge(pair, madeAt, Math::max);
                    } else {
                        failedAttempts.incrementAndGet();
                        if (System.currentTimeMillis() < giveUpAt) {
                            clock.schedule(() -> attempt(pair, clientMessageId, madeAt,
                                            Math.min(retryMillis * 2, MAX_RETRY_MILLIS)),
                                    retryMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                });
    }

    private void acknowledged(String clientMessageId, JsonObject data) {
        acknowledged.put(clientMessageId, data.getJsonObject("message").getString("id"));
        long now = System.currentTimeMillis();
        long previous = lastAckAt.getAndSet(now);
        longestAckGapMillis.accumulateAndGet(now - previous, Math::max);
    }

    @Override
    public void close() {
        sending = false;
        clock.shutdownNow();
        pairs.forEach(pair -> {
            pair.sender().close();
            pair.receiver().close();
        });
    }
}
