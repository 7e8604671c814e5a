package io.chatrelay.loadtest;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * A latency histogram in microseconds (HdrHistogram, 3 digits, up to 10 minutes): recorded lock-free from any thread
 * through a {@link Recorder}, read from snapshots (late samples may still come in while a summary is taken).
 */
final class Hist {

    private static final long HIGHEST = 600_000_000L;
    private final Recorder recorder = new Recorder(HIGHEST, 3);
    private final Histogram total = new Histogram(HIGHEST, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(HIGHEST, nanos / 1000)));
    }

    synchronized Histogram snapshot() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    long count() {
        return snapshot().getTotalCount();
    }

    /** {count, p50, p95, p99, p999, max, mean} in milliseconds. */
    JsonObject summary() {
        Histogram h = snapshot();
        JsonObject o = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return o;
        }
        return o.put("p50", ms(h, 50)).put("p95", ms(h, 95)).put("p99", ms(h, 99)).put("p999", ms(h, 99.9))
                .put("max", round(h.getMaxValue() / 1000.0)).put("mean", round(h.getMean() / 1000.0));
    }

    private static double ms(Histogram h, double percentile) {
        return round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    String encode() {
        Histogram copy = snapshot();
        ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
        int length = copy.encodeIntoCompressedByteBuffer(buffer, 9);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Hist decode(String encoded) {
        try {
            Hist h = new Hist();
            h.total.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0));
            return h;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    synchronized void add(Hist other) {
        total.add(other.snapshot());
    }
}
