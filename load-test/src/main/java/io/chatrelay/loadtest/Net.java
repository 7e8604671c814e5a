package io.chatrelay.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lean client side: one Vert.x with a few event loops, one {@link WebSocketClient} per loopback source address
 * (127.0.0.1, 127.0.0.2, … so the ~28k ephemeral ports per source and destination are not the limit), connections
 * spread over both, and a cap on handshakes in flight.
 */
final class Net implements AutoCloseable {

    final Vertx vertx;
    final List<Context> loops = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
    private final List<WebSocketClient> clients = new ArrayList<>();
    final String host;
    final int port;
    final URI base;
    final Conn.Proto proto;
    private final int maxInFlight;
    private final long connectTimeoutMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    final AtomicLong connectFailures = new AtomicLong();
    volatile String lastConnectFailure;

    Net(Options o, int defaultLoops) {
        int loopCount = o.integer("event-loops", defaultLoops);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loopCount).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        for (int i = 0; i < loopCount; i++) {
            loops.add(vertx.getOrCreateContext());   // from a non-Vert.x thread: a new context on the next event loop
        }
        base = URI.create(o.str("url", "http://127.0.0.1:8080"));
        host = base.getHost();
        port = base.getPort() > 0 ? base.getPort() : 80;
        proto = o.str("protocol", "socketio").equals("ws") ? Conn.Proto.WS : Conn.Proto.SOCKETIO;
        maxInFlight = o.integer("connect-concurrency", 200);
        connectTimeoutMillis = o.duration("connect-timeout", java.time.Duration.ofSeconds(20)).toMillis();
        String spec = o.str("sources", "4");
        if (spec.contains(".")) {
            sources.addAll(List.of(spec.split(",")));
        } else {
            for (int i = 1; i <= Integer.parseInt(spec); i++) {
                sources.add("127.0.0." + i);
            }
        }
        for (String source : sources) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setLocalAddress(source)
                    .setMaxConnections(1_000_000)
                    .setMaxFrameSize(65536)
                    .setMaxMessageSize(1 << 20)
                    .setConnectTimeout((int) connectTimeoutMillis)
                    .setIdleTimeout(0)
                    .setTcpNoDelay(true)));
        }
    }

    Context loop(int i) {
        return loops.get(i % loops.size());
    }

    /**
     * Connects {@code conn} (source address by its index), at most {@code connect-concurrency} handshakes at a time,
     * retrying with backoff until {@code deadlineNanos}.
     */
    Future<Void> connect(Conn conn, String token, long deadlineNanos) {
        Promise<Void> done = Promise.promise();
        attempt(conn, token, deadlineNanos, done, 50);
        return done.future();
    }

    private void attempt(Conn conn, String token, long deadlineNanos, Promise<Void> done, long backoffMillis) {
        limited(() -> {
            WebSocketClient client = clients.get(conn.index % clients.size());
            conn.connect(client, host, port, token, connectTimeoutMillis).onComplete(ar -> {
                release();
                if (ar.succeeded()) {
                    done.tryComplete();
                    return;
                }
                connectFailures.incrementAndGet();
                lastConnectFailure = String.valueOf(ar.cause().getMessage());
                conn.close();
                if (System.nanoTime() + backoffMillis * 1_000_000 >= deadlineNanos) {
                    done.tryFail(ar.cause());
                    return;
                }
                long delay = backoffMillis / 2 + ThreadLocalRandom.current().nextLong(backoffMillis);
                vertx.setTimer(delay, t -> conn.ctx.runOnContext(v ->
                        attempt(conn, token, deadlineNanos, done, Math.min(2000, backoffMillis * 2))));
            });
        }, conn.ctx);
    }

    private void limited(Runnable task, Context ctx) {
        Runnable onContext = () -> ctx.runOnContext(v -> task.run());
        if (inFlight.incrementAndGet() <= maxInFlight) {
            onContext.run();
        } else {
            inFlight.decrementAndGet();
            waiting.add(onContext);
            drain();
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                return;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            next.run();
        }
    }

    /** Runs {@code task} on every event loop context and waits. */
    void onEachLoop(java.util.function.IntConsumer task) {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(loops.size());
        for (int i = 0; i < loops.size(); i++) {
            int idx = i;
            loops.get(i).runOnContext(v -> {
                try {
                    task.accept(idx);
                } finally {
                    latch.countDown();
                }
            });
        }
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // exiting anyway
        }
    }
}
