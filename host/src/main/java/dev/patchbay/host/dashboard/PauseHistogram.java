package dev.patchbay.host.dashboard;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** Migration pauses in fixed buckets, cumulative as Prometheus wants them. */
final class PauseHistogram {
    /** Upper bounds in seconds: a good pause is well under a millisecond, a bad one is a health window. */
    static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final DoubleAdder sum = new DoubleAdder();

    void observe(double seconds) {
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(seconds);
    }

    /** Observations at or under each bound, then the total (the {@code +Inf} bucket). */
    long[] cumulative() {
        long[] out = new long[BOUNDS.length + 1];
        long running = 0;
        for (int i = 0; i < out.length; i++) {
            running += counts.get(i);
            out[i] = running;
        }
        return out;
    }

    double sum() {
        return sum.sum();
    }
}
