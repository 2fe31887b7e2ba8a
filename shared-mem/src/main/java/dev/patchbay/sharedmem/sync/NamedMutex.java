package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.segment.OpenMode;

import java.time.Duration;

/**
 * A mutex unrelated processes find by name: a {@link NamedSemaphore} that starts at 1. Any thread may unlock it
 * (a semaphore has no owner), and it is not robust: if a holder dies, it stays locked until the semaphore is
 * removed. For data in a segment prefer {@link SharedMutex}, which recovers from a dead holder.
 */
public final class NamedMutex implements AutoCloseable {
    private final NamedSemaphore semaphore;

    private NamedMutex(NamedSemaphore semaphore) {
        this.semaphore = semaphore;
    }

    /** Opens or creates the named mutex {@code name} (created unlocked). */
    public static NamedMutex open(String name, OpenMode mode) {
        return new NamedMutex(NamedSemaphore.open(name, mode, 1));
    }

    /** Takes the mutex, waiting as long as it takes. */
    public void lock() {
        semaphore.acquire();
    }

    /** Takes the mutex, waiting at most {@code timeout}; false if it passed first. */
    public boolean lock(Duration timeout) {
        return semaphore.acquire(timeout);
    }

    /** Takes the mutex if it is free. */
    public boolean tryLock() {
        return semaphore.tryAcquire();
    }

    /**
     * Releases the mutex.
     *
     * @throws IllegalStateException if it is not locked
     */
    public void unlock() {
        if (semaphore.value() > 0) {
            throw new IllegalStateException("named mutex " + semaphore.name() + " is not locked");
        }
        semaphore.release();
    }

    /** Closes this handle; the creator also removes the name. */
    @Override
    public void close() {
        semaphore.close();
    }
}
