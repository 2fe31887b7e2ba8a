package dev.patchbay.sharedmem.sync;

import com.sun.jna.Native;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Semaphore;
import dev.patchbay.sharedmem.segment.Region;

import java.time.Duration;

import static dev.patchbay.sharedmem.sync.SyncDescriptor.SEMAPHORE_MARKER;

/**
 * A counting semaphore in a {@link SyncDescriptor slot} of shared memory, shared between processes
 * ({@code sem_init} with {@code pshared = 1}). {@link #acquire} is Dijkstra's P, {@link #release} his V.
 *
 * <p>Unlike a mutex, a semaphore is not robust: a process killed between P and V does not give its unit back.
 */
public final class SharedSemaphore {
    private final Region slot;
    private final long address;
    private final String what;

    private SharedSemaphore(Region slot) {
        this.slot = slot;
        this.address = slot.address();
        this.what = "semaphore at " + slot;
    }

    /** Initialises a new semaphore with value {@code initial} in {@code slot}. */
    public static SharedSemaphore create(Region slot, int initial) {
        SyncDescriptor.prepare(slot, "shared semaphore");
        if (Semaphore.sem_init(slot.address(), 1, SemOps.checkInitial(initial)) != 0) {
            throw new NativeCallException("sem_init(" + slot + ", 1, " + initial + ")", Native.getLastError());
        }
        SyncDescriptor.publish(slot, SEMAPHORE_MARKER);
        return new SharedSemaphore(slot);
    }

    /**
     * Uses the semaphore another process initialised in {@code slot}.
     *
     * @throws IncompatibleLayoutException if the slot holds no initialised semaphore
     */
    public static SharedSemaphore attach(Region slot) {
        SyncDescriptor.requireMarker(slot, SEMAPHORE_MARKER, "shared semaphore");
        return new SharedSemaphore(slot);
    }

    /** P: waits until the value is above zero, then decrements it. */
    public void acquire() {
        SemOps.acquire(address, what);
    }

    /** P, waiting at most {@code timeout}; false if it passed first. */
    public boolean acquire(Duration timeout) {
        return SemOps.acquire(address, timeout, what);
    }

    /** P if it need not wait; false if the value is zero. */
    public boolean tryAcquire() {
        return SemOps.tryAcquire(address, what);
    }

    /** V: increments the value, waking one waiter. */
    public void release() {
        SemOps.release(address, what);
    }

    /** The current value. */
    public int value() {
        return SemOps.value(address, what);
    }

    /** Destroys the semaphore; nobody may wait on or use it any more. */
    public void destroy() {
        SyncDescriptor.publish(slot, 0);
        Semaphore.sem_destroy(address);
    }

    @Override
    public String toString() {
        return "SharedSemaphore[" + slot + "]";
    }
}
