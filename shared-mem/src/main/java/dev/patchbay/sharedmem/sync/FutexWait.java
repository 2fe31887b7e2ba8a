package dev.patchbay.sharedmem.sync;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.NativeCallException;

import java.util.function.BooleanSupplier;

/**
 * Waits by spinning {@code spins} times, then sleeping in the kernel on a {@link Doorbell} (a futex word in shared
 * memory, shared across processes) until the other side rings it. An idle waiter costs no CPU and wakes as soon as
 * it is rung; the other side must ring after every change (the ring buffers do when created with a doorbell).
 *
 * <p>Each sleep lasts at most {@code maxSleepNanos}, after which the condition is checked again: a safety net
 * against a signaller that died between changing the state and ringing.
 *
 * @param spins         iterations of {@link Thread#onSpinWait()} before the first sleep
 * @param maxSleepNanos the longest single sleep
 */
public record FutexWait(int spins, long maxSleepNanos) implements WaitStrategy {
    /** 100 spins, sleeps of at most 100 ms. */
    public static final FutexWait DEFAULT = new FutexWait(100, 100_000_000);

    private static final ThreadLocal<Memory> TIMESPEC = ThreadLocal.withInitial(() -> new Memory(16));

    public FutexWait {
        if (spins < 0 || maxSleepNanos <= 0) {
            throw new IllegalArgumentException("futex wait needs spins >= 0 and maxSleepNanos > 0; got spins="
                    + spins + ", maxSleepNanos=" + maxSleepNanos);
        }
    }

    @Override
    public boolean await(BooleanSupplier condition, Doorbell doorbell, long timeoutNanos) {
        if (doorbell == null) {
            throw new IllegalArgumentException("FutexWait needs a doorbell; this ring buffer was made without one"
                    + " (create it with signalling on), or use BackoffIdle");
        }
        // The spins read no clock (a read costs as much as a spin): the timeout counts from their end.
        for (int i = 0; i < spins; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        Memory timespec = TIMESPEC.get();
        while (!condition.getAsBoolean()) {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                return condition.getAsBoolean();
            }
            int seen = doorbell.sequence();
            doorbell.addWaiter();
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
                Deadlines.relative(timespec, Math.min(left, maxSleepNanos));
                int r = doorbell.sleep(seen, Pointer.nativeValue(timespec));
                if (r < 0 && r != -Errno.EAGAIN && r != -Errno.ETIMEDOUT && r != -Errno.EINTR) {
                    throw new NativeCallException("futex(FUTEX_WAIT)", -r);
                }
            } finally {
                doorbell.removeWaiter();
            }
        }
        return true;
    }
}
