package dev.patchbay.sharedmem.sync;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Semaphore;
import dev.patchbay.sharedmem.posix.Time;

import java.time.Duration;
import java.util.function.IntSupplier;

/** P and V on a {@code sem_t} at a native address: the code named and in-segment semaphores share. */
final class SemOps {
    private static final int NO_ERRNO = 0;

    private SemOps() {
    }

    /** P: waits until the value is above zero, then decrements it. */
    static void acquire(long sem, String what) {
        retrying(() -> Semaphore.sem_wait(sem), NO_ERRNO, "sem_wait(" + what + ")");
    }

    /** P with a timeout; false if it passed first. */
    static boolean acquire(long sem, Duration timeout, String what) {
        try (Memory deadline = Deadlines.monotonicAfter(timeout)) {
            long at = Pointer.nativeValue(deadline);
            return retrying(() -> Semaphore.sem_clockwait(sem, Time.CLOCK_MONOTONIC, at), Errno.ETIMEDOUT,
                    "sem_clockwait(" + what + ")");
        }
    }

    /** P if it need not wait; false if the value is zero. */
    static boolean tryAcquire(long sem, String what) {
        return retrying(() -> Semaphore.sem_trywait(sem), Errno.EAGAIN, "sem_trywait(" + what + ")");
    }

    /**
     * Calls until it succeeds (true), fails with {@code giveUp} (false) or with anything but EINTR (thrown): a
     * signal to the thread interrupts a semaphore wait, and the wait simply goes on.
     */
    private static boolean retrying(IntSupplier call, int giveUp, String description) {
        while (call.getAsInt() != 0) {
            int errno = Native.getLastError();
            if (errno == giveUp) {
                return false;
            }
            if (errno != Errno.EINTR) {
                throw new NativeCallException(description, errno);
            }
        }
        return true;
    }

    /** V: increments the value, waking a waiter. */
    static void release(long sem, String what) {
        if (Semaphore.sem_post(sem) != 0) {
            throw new NativeCallException("sem_post(" + what + ")", Native.getLastError());
        }
    }

    /** The current value (0 while threads wait). */
    static int value(long sem, String what) {
        int[] value = new int[1];
        if (Semaphore.sem_getvalue(sem, value) != 0) {
            throw new NativeCallException("sem_getvalue(" + what + ")", Native.getLastError());
        }
        return value[0];
    }

    /** Checks an initial value. */
    static int checkInitial(int initial) {
        if (initial < 0) {
            throw new IllegalArgumentException("semaphore initial value=" + initial + " must not be negative");
        }
        return initial;
    }
}
