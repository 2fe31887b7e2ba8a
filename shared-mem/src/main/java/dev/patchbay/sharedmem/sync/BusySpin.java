package dev.patchbay.sharedmem.sync;

import java.util.function.BooleanSupplier;

/** Waits by spinning on the condition with {@link Thread#onSpinWait()}: lowest latency, a whole core while waiting. */
public record BusySpin() implements WaitStrategy {

    @Override
    public boolean await(BooleanSupplier condition, Doorbell doorbell, long timeoutNanos) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start >= timeoutNanos || Thread.currentThread().isInterrupted()) {
                return condition.getAsBoolean();
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
