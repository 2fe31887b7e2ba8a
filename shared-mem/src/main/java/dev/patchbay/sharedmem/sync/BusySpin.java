package dev.patchbay.sharedmem.sync;

import java.util.function.BooleanSupplier;

/**
 * Waits by spinning on the condition with {@link Thread#onSpinWait()}: lowest latency, a whole core while waiting.
 *
 * <p>The clock is read every {@value #SPINS_PER_CLOCK} spins, not in each: a read of the clock costs as much as the
 * spin itself (50–100 ns on a VM), and a message that lands while it runs is seen that much later, on both sides of
 * a round trip. A wait so overruns its timeout by at most that many spins (a few microseconds).
 */
public record BusySpin() implements WaitStrategy {
    /** Spins between two reads of the clock; a power of two. */
    static final int SPINS_PER_CLOCK = 64;

    @Override
    public boolean await(BooleanSupplier condition, Doorbell doorbell, long timeoutNanos) {
        if (condition.getAsBoolean()) {
            return true;
        }
        long start = System.nanoTime();
        for (int spins = 1; !condition.getAsBoolean(); spins++) {
            if (Thread.currentThread().isInterrupted()
                    || (spins & (SPINS_PER_CLOCK - 1)) == 0 && System.nanoTime() - start >= timeoutNanos) {
                return condition.getAsBoolean();
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
