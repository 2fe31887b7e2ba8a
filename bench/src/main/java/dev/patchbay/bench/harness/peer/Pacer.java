package dev.patchbay.bench.harness.peer;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a send is due. Sleeps until {@link #SPIN_WINDOW_NANOS} before the deadline, then spins on the clock:
 * a sleep alone wakes tens of microseconds late on Linux (timer slack), and since latency counts from the intended
 * send time, that lateness would be charged to the link. The spin is bounded by the window plus the sleep's
 * overshoot. The C baselines pace the same way ({@code pace_until} in {@code bench_peer.c}).
 */
final class Pacer {
    static final long SPIN_WINDOW_NANOS = 100_000;

    private Pacer() {
    }

    static void awaitNanoTime(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > SPIN_WINDOW_NANOS) {
            LockSupport.parkNanos(left - SPIN_WINDOW_NANOS);
        }
        while (System.nanoTime() < deadline) {
            // Thread.onSpinWait();
        }
    }
}
