package dev.patchbay.bench.harness.baseline;

import java.util.concurrent.locks.LockSupport;

/**
 * How the {@code filechannel:} baseline waits when its file has nothing new, with the JDK alone: spin
 * {@value #SPINS} times, yield {@value #YIELDS} times, then park from 1 µs doubling to 1 ms. The same steps as
 * Patchbay's default {@code backoff} wait, so that the comparison with the mmap backend is of the medium, not of
 * the waiting. Not thread-safe: one per waiting thread.
 */
final class PollingBackoff {
    static final int SPINS = 10;
    static final int YIELDS = 5;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private int idleRounds;
    private long parkNanos = MIN_PARK_NANOS;

    /** One more round of waiting. */
    void idle() {
        if (idleRounds < SPINS) {
            Thread.onSpinWait();
        } else if (idleRounds < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(2 * parkNanos, MAX_PARK_NANOS);
            return;
        }
        idleRounds++;
    }

    /** Something happened: the next wait starts by spinning again. */
    void reset() {
        idleRounds = 0;
        parkNanos = MIN_PARK_NANOS;
    }
}
