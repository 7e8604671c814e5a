package io.chatrelay.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code --disk-probe DIR}: every 50 ms one 8 KB write to a file in DIR, synced to the device (as a commit syncs
 * PostgreSQL's WAL), timed. A step's acknowledgements cannot be faster than the disk it commits to: the probe tells
 * a step that failed because the disk stalled (this VM's disk stalls for up to ~2 s, with or without load) from one
 * that failed because the server was slow. DIR should be on the same disk as PostgreSQL's data.
 */
final class DiskProbe implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 50;
    private static final int BLOCK = 8192;
    private static final int BLOCKS = 64;

    /** One timed write: when it started (System.nanoTime) and how long it took. */
    private record Write(long startedNanos, long tookNanos) {
        long endedNanos() {
            return startedNanos + tookNanos;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final List<Write> writes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private DiskProbe(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.thread = new Thread(this::loop, "disk-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** A probe writing into {@code dir}, or null when none was asked for or the directory is not writable. */
    static DiskProbe start(Options o) {
        if (!o.has("disk-probe")) {
            return null;
        }
        try {
            Path dir = Path.of(o.str("disk-probe", "."));
            Files.createDirectories(dir);
            return new DiskProbe(Files.createTempFile(dir, "disk-probe-", ".dat"));
        } catch (IOException e) {
            Log.info("no disk probe: %s", e);
            return null;
        }
    }

    private void loop() {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        long n = 0;
        while (running) {
            block.clear();
            long started = System.nanoTime();
            try {
                channel.write(block, (n++ % BLOCKS) * BLOCK);
                channel.force(false);
            } catch (IOException e) {
                Log.info("disk probe stopped: %s", e);
                return;
            }
            synchronized (writes) {
                writes.add(new Write(started, System.nanoTime() - started));
            }
            Pacer.sleep(INTERVAL_MILLIS);
        }
    }

    /**
     * The writes that overlapped [from, to] (System.nanoTime): how many, the slowest, and how many took longer than
     * {@code stallMillis}, with the worst few and when they began.
     */
    JsonObject between(long fromNanos, long toNanos, double stallMillis) {
        List<Write> window;
        synchronized (writes) {
            window = writes.stream().filter(w -> w.startedNanos() < toNanos && w.endedNanos() > fromNanos).toList();
        }
        List<Write> stalls = window.stream().filter(w -> w.tookNanos() > stallMillis * 1e6)
                .sorted(Comparator.comparingLong(Write::tookNanos).reversed()).toList();
        JsonArray worst = new JsonArray();
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        stalls.stream().limit(5).forEach(w -> worst.add(new JsonObject()
                .put("at", now.minusNanos(nowNanos - w.startedNanos()).toString())
                .put("ms", Hist.round(w.tookNanos() / 1e6))));
        double maxMs = window.stream().mapToLong(Write::tookNanos).max().orElse(0) / 1e6;
        return new JsonObject().put("writes", window.size()).put("maxMs", Hist.round(maxMs))
                .put("stallMs", stallMillis).put("stalls", stalls.size()).put("worst", worst);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.info("disk probe: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
