package dev.patchbay.sharedmem.sync;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits by spinning {@code spins} times, then yielding {@code yields} times, then parking for
 * {@code minParkNanos}, doubling up to {@code maxParkNanos}: near-spin latency under load, little CPU when idle,
 * and a wake-up delay of at most {@code maxParkNanos} (plus the scheduler's slack) after a long idle spell.
 *
 * @param spins        iterations of {@link Thread#onSpinWait()}
 * @param yields       calls of {@link Thread#yield()}
 * @param minParkNanos the first park
 * @param maxParkNanos the longest park
 */
public record BackoffIdle(int spins, int yields, long minParkNanos, long maxParkNanos) implements WaitStrategy {
    /**
     * 10 spins, 5 yields, parks from 1 µs to 1 ms: Agrona's {@code BackoffIdleStrategy} defaults. With 100 spins and
     * 20 yields, the default before, a paced shm round trip took 1.26–1.30× Agrona's; with the same schedule,
     * 0.97–1.08× (bench/README.md, "Where the time goes"): the wait, not the link, made the difference.
     */
    public static final BackoffIdle DEFAULT = new BackoffIdle(10, 5, 1_000, 1_000_000);

    public BackoffIdle {
        if (spins < 0 || yields < 0 || minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("backoff needs spins >= 0, yields >= 0 and 0 < minParkNanos <="
                    + " maxParkNanos; got spins=" + spins + ", yields=" + yields + ", minParkNanos=" + minParkNanos
                    + ", maxParkNanos=" + maxParkNanos);
        }
    }

    @Override
    public boolean await(BooleanSupplier condition, Doorbell doorbell, long timeoutNanos) {
        long start = 0;
        long park = minParkNanos;
        for (int round = 0; !condition.getAsBoolean(); round++) {
            // The spins read no clock: a read costs as much as a spin, and delays seeing what lands by as much.
            // The timeout counts from their end: they take a few microseconds, all a wait may overrun it by.
            if (round < spins) {
                if (Thread.currentThread().isInterrupted()) {
                    return condition.getAsBoolean();
                }
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (round == spins) {
                start = now;
            }
            long left = timeoutNanos - (now - start);
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return condition.getAsBoolean();
            }
            if (round < spins + yields) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(park, left));
                park = Math.min(park * 2, maxParkNanos);
            }
        }
        return true;
    }
}
