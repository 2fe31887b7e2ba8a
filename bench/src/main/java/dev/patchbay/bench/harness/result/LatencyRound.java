package dev.patchbay.bench.harness.result;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A round of fixed-rate round trips: every latency in nanoseconds, in an HdrHistogram. */
public record LatencyRound(Histogram histogram) implements RoundResult {
    /** Three significant digits up to a minute: a stall of any realistic length is recorded, not clipped. */
    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(1);

    /**
     * Reads the samples a sender wrote (little-endian int64 nanoseconds, Java and C senders alike) into a
     * histogram.
     */
    public static LatencyRound read(Path samples) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(samples)).order(ByteOrder.LITTLE_ENDIAN);
        LongBuffer values = bytes.asLongBuffer();
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE, 3);
        while (values.hasRemaining()) {
            long nanos = values.get();
            if (nanos < 0) {
                throw new IOException(samples + " holds a negative latency (" + nanos + " ns): clocks disagree?");
            }
            histogram.recordValue(Math.min(nanos, HIGHEST_TRACKABLE));
        }
        return new LatencyRound(histogram);
    }

    /** The latency at a percentile (0-100), in microseconds. */
    public double percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public long samples() {
        return histogram.getTotalCount();
    }

    @Override
    public double headline() {
        return percentileMicros(50);
    }
}
