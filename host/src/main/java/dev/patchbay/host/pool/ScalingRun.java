package dev.patchbay.host.pool;

import dev.patchbay.host.Patchbay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code patchbay pool --scaling}: the same tasks through pools of 1, 2 and 4 workers, flat out, and each pool's
 * tasks per second as a ratio to one worker's. Workers are started before the clock starts: the figure is the
 * pool's throughput, not the JVMs' start-up.
 */
public final class ScalingRun {
    /** The pool sizes measured. */
    public static final List<Integer> SIZES = List.of(1, 2, 4);

    private final Patchbay host;
    private final PrintWriter out;
    private final PoolOptions options;
    private final Duration helloTimeout;
    private final Duration timeout;

    public ScalingRun(Patchbay host, PrintWriter out, PoolOptions options, Duration helloTimeout, Duration timeout) {
        this.host = host;
        this.out = out;
        this.options = options;
        this.helloTimeout = helloTimeout;
        this.timeout = timeout;
    }

    /** Runs each size in turn; returns 0 if every task of every run came back exactly once. */
    public int run() {
        out.printf("Patchbay pool scaling: %,d tasks (work %d), %s balance, window %d, on %d processor(s)%n",
                options.tasks(), options.work(), options.balance(), options.window(),
                Runtime.getRuntime().availableProcessors());
        double base = 0;
        boolean clean = true;
        for (int n : SIZES) {
            PoolOptions sized = new PoolOptions(n, options.tasks(), options.work(), options.window(), 0,
                    options.balance());
            PoolSummary s;
            try (ProcessPool pool = ProcessPool.spawn(host, sized, PoolEvents.NONE, helloTimeout)) {
                pool.start();
                if (!pool.awaitDone(timeout)) {
                    out.printf("  workers %d  did not finish within %d s%n", n, timeout.toSeconds());
                    return 1;
                }
                s = pool.summary();
            }
            if (base == 0) {
                base = s.rate();
            }
            clean &= s.clean();
            out.printf("  workers %d  %,12.0f tasks/s  %5.2fx  (lost %d, duplicated %d)%n", n, s.rate(),
                    s.rate() / base, s.lost(), s.duplicated());
            out.flush();
        }
        return clean ? 0 : 1;
    }
}
