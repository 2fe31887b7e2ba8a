package dev.patchbay.sharedmem.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <pthread.h>}: mutexes. The pthread functions return an error number (0 on success) rather than setting
 * {@code errno}, so nothing here throws.
 *
 * <p>{@code pthread_mutex_t} is 40 bytes on x86-64 and 48 on AArch64; callers reserve {@link #MUTEX_SLOT_SIZE}
 * bytes, 8-byte aligned. {@code pthread_mutexattr_t} is 4 bytes; {@link #MUTEXATTR_SIZE} is room to spare.
 */
public final class Pthread {
    /** Bytes that hold a {@code pthread_mutex_t} on every supported platform. */
    public static final int MUTEX_SLOT_SIZE = 48;
    /** Bytes to allocate for a {@code pthread_mutexattr_t}. */
    public static final int MUTEXATTR_SIZE = 8;

    public static final int PTHREAD_PROCESS_PRIVATE = 0;
    public static final int PTHREAD_PROCESS_SHARED = 1;
    public static final int PTHREAD_MUTEX_STALLED = 0;
    public static final int PTHREAD_MUTEX_ROBUST = 1;
    public static final int PTHREAD_MUTEX_NORMAL = 0;
    public static final int PTHREAD_MUTEX_RECURSIVE = 1;
    /** Relocking by the holder fails with EDEADLK, unlocking by another thread with EPERM. */
    public static final int PTHREAD_MUTEX_ERRORCHECK = 2;

    static {
        Native.register(Pthread.class, Platform.C_LIBRARY_NAME);
    }

    private Pthread() {
    }

    /** pthread_mutexattr_init(3). */
    public static native int pthread_mutexattr_init(long attr);

    /** pthread_mutexattr_destroy(3). */
    public static native int pthread_mutexattr_destroy(long attr);

    /** pthread_mutexattr_settype(3). */
    public static native int pthread_mutexattr_settype(long attr, int type);

    /** pthread_mutexattr_setpshared(3): {@link #PTHREAD_PROCESS_SHARED} lets other processes use the mutex. */
    public static native int pthread_mutexattr_setpshared(long attr, int pshared);

    /**
     * pthread_mutexattr_setrobust(3): with {@link #PTHREAD_MUTEX_ROBUST}, when the holder dies the next locker gets
     * EOWNERDEAD and holds the mutex; it must call {@link #pthread_mutex_consistent} before unlocking, or the mutex
     * becomes unusable (ENOTRECOVERABLE).
     */
    public static native int pthread_mutexattr_setrobust(long attr, int robustness);

    /** pthread_mutex_init(3): initialises the mutex at {@code mutex} with the attributes at {@code attr}. */
    public static native int pthread_mutex_init(long mutex, long attr);

    /** pthread_mutex_destroy(3). */
    public static native int pthread_mutex_destroy(long mutex);

    /** pthread_mutex_lock(3). */
    public static native int pthread_mutex_lock(long mutex);

    /** pthread_mutex_trylock(3): EBUSY when another thread holds the mutex. */
    public static native int pthread_mutex_trylock(long mutex);

    /**
     * pthread_mutex_clocklock(3) (glibc 2.30): {@link #pthread_mutex_lock} that gives up with ETIMEDOUT at the
     * absolute time in the timespec at {@code abstime}, measured on {@code clockid}.
     */
    public static native int pthread_mutex_clocklock(long mutex, int clockid, long abstime);

    /** pthread_mutex_unlock(3): EPERM when the calling thread does not hold an error-checking mutex. */
    public static native int pthread_mutex_unlock(long mutex);

    /** pthread_mutex_consistent(3): marks a robust mutex whose owner died as consistent again. */
    public static native int pthread_mutex_consistent(long mutex);
}
