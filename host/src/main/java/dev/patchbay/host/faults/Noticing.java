package dev.patchbay.host.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Measures how long a survivor takes to notice a kill, by watching for the condition that says it has. */
final class Noticing {
    /** How often the condition is looked at: the figures' resolution. */
    private static final long POLL_NANOS = 100_000;

    private Noticing() {
    }

    /**
     * Waits until {@code noticed} holds; returns the nanoseconds from {@code killedAt} ({@link System#nanoTime()})
     * to the first look that found it, or -1 if it did not hold within {@code timeout}.
     */
    static long await(long killedAt, BooleanSupplier noticed, Duration timeout) {
        long deadline = killedAt + timeout.toNanos();
        while (!noticed.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime() - killedAt;
    }

    /** Waits until {@code condition} holds; false if it did not within {@code timeout}. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        return await(System.nanoTime(), condition, timeout) >= 0;
    }
}
