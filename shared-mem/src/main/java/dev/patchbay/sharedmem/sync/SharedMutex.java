package dev.patchbay.sharedmem.sync;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Pthread;
import dev.patchbay.sharedmem.posix.Time;
import dev.patchbay.sharedmem.segment.Region;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

import static dev.patchbay.sharedmem.sync.SyncDescriptor.MUTEX_MARKER;

/**
 * A robust, process-shared pthread mutex in a {@link SyncDescriptor slot} of shared memory.
 *
 * <p>Robust: when a holder dies (even by {@code kill -9}) the kernel releases the mutex, and the next {@link #lock}
 * returns {@link LockResult#ACQUIRED_OWNER_DIED} instead of hanging: the mutex is already consistent again, and the
 * caller should check what it guards. {@link #withLock} runs the {@link #onOwnerDied repair action} first.
 *
 * <p>A lock belongs to the platform thread that took it: unlock on the same thread. Relocking on the holding
 * thread is refused (the mutex is error-checking), not a deadlock.
 */
public final class SharedMutex {
    private static final Logger LOG = LoggerFactory.getLogger(SharedMutex.class);

    private final Region slot;
    private final long address;
    private volatile Runnable repair = () -> {
    };

    private SharedMutex(Region slot) {
        this.slot = slot;
        this.address = slot.address();
    }

    /** Initialises a new mutex in {@code slot} ({@value SyncDescriptor#SLOT_SIZE} bytes). */
    public static SharedMutex create(Region slot) {
        SyncDescriptor.prepare(slot, "shared mutex");
        try (Memory attr = new Memory(Pthread.MUTEXATTR_SIZE)) {
            long a = Pointer.nativeValue(attr);
            check(Pthread.pthread_mutexattr_init(a), "pthread_mutexattr_init");
            try {
                check(Pthread.pthread_mutexattr_settype(a, Pthread.PTHREAD_MUTEX_ERRORCHECK),
                        "pthread_mutexattr_settype(ERRORCHECK)");
                check(Pthread.pthread_mutexattr_setpshared(a, Pthread.PTHREAD_PROCESS_SHARED),
                        "pthread_mutexattr_setpshared(PROCESS_SHARED)");
                check(Pthread.pthread_mutexattr_setrobust(a, Pthread.PTHREAD_MUTEX_ROBUST),
                        "pthread_mutexattr_setrobust(ROBUST)");
                check(Pthread.pthread_mutex_init(slot.address(), a), "pthread_mutex_init");
            } finally {
                Pthread.pthread_mutexattr_destroy(a);
            }
        }
        SyncDescriptor.publish(slot, MUTEX_MARKER);
        return new SharedMutex(slot);
    }

    /**
     * Uses the mutex another process initialised in {@code slot}.
     *
     * @throws IncompatibleLayoutException if the slot holds no initialised mutex
     */
    public static SharedMutex attach(Region slot) {
        SyncDescriptor.requireMarker(slot, MUTEX_MARKER, "shared mutex");
        return new SharedMutex(slot);
    }

    /**
     * Sets what {@link #withLock} runs, holding the lock, when the previous holder died: typically a check or
     * repair of the data the mutex guards.
     */
    public SharedMutex onOwnerDied(Runnable repairAction) {
        this.repair = repairAction;
        return this;
    }

    /** Takes the mutex, waiting as long as it takes. */
    public LockResult lock() {
        return result(Pthread.pthread_mutex_lock(address), "pthread_mutex_lock");
    }

    /** Takes the mutex, waiting at most {@code timeout}; {@link LockResult#NOT_ACQUIRED} when it passes. */
    public LockResult lock(Duration timeout) {
        try (Memory deadline = Deadlines.monotonicAfter(timeout)) {
            return result(Pthread.pthread_mutex_clocklock(address, Time.CLOCK_MONOTONIC,
                    Pointer.nativeValue(deadline)), "pthread_mutex_clocklock");
        }
    }

    /** Takes the mutex if it is free; {@link LockResult#NOT_ACQUIRED} if someone holds it. */
    public LockResult tryLock() {
        return result(Pthread.pthread_mutex_trylock(address), "pthread_mutex_trylock");
    }

    private LockResult result(int err, String call) {
        return switch (err) {
            case 0 -> LockResult.ACQUIRED;
            case Errno.EBUSY, Errno.ETIMEDOUT -> LockResult.NOT_ACQUIRED;
            case Errno.EOWNERDEAD -> {
                check(Pthread.pthread_mutex_consistent(address), "pthread_mutex_consistent");
                LOG.warn("the previous holder of the shared mutex at {} died holding it; recovered", slot);
                yield LockResult.ACQUIRED_OWNER_DIED;
            }
            case Errno.ENOTRECOVERABLE -> throw new MutexNotRecoverableException("the shared mutex at " + slot
                    + " is not recoverable: a holder died and the next one unlocked it without marking it consistent");
            case Errno.EDEADLK -> throw new IllegalStateException("the shared mutex at " + slot
                    + " is already held by this thread");
            default -> throw new NativeCallException(call + "(" + slot + ")", err);
        };
    }

    /**
     * Releases the mutex.
     *
     * @throws IllegalStateException if the calling thread does not hold it
     */
    public void unlock() {
        int err = Pthread.pthread_mutex_unlock(address);
        if (err == Errno.EPERM) {
            throw new IllegalStateException("the shared mutex at " + slot + " is not held by this thread ("
                    + Thread.currentThread().getName() + "); unlock on the thread that locked");
        }
        check(err, "pthread_mutex_unlock");
    }

    /** Runs {@code action} holding the mutex (after the repair action, if the previous holder died). */
    public void withLock(Runnable action) {
        withLock(() -> {
            action.run();
            return null;
        });
    }

    /** Computes {@code action} holding the mutex (after the repair action, if the previous holder died). */
    public <T> T withLock(Supplier<T> action) {
        LockResult r = lock();
        try {
            if (r.previousOwnerDied()) {
                repair.run();
            }
            return action.get();
        } finally {
            unlock();
        }
    }

    /**
     * Destroys the mutex (nobody may hold or use it any more) and clears the marker. Only the process that made the
     * memory calls this, when it tears the memory down; closing a segment does not need it.
     */
    public void destroy() {
        SyncDescriptor.publish(slot, 0);
        Pthread.pthread_mutex_destroy(address);
    }

    /** The slot the mutex lives in. */
    public Region slot() {
        return slot;
    }

    private static void check(int err, String call) {
        if (err != 0) {
            throw new NativeCallException(call, err);
        }
    }

    @Override
    public String toString() {
        return "SharedMutex[" + slot + "]";
    }
}
