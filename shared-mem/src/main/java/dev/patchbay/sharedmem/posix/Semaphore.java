package dev.patchbay.sharedmem.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <semaphore.h>}: POSIX semaphores, named ({@code sem_open}) and unnamed ({@code sem_init} on memory the
 * caller provides, {@link #SEM_T_SIZE} bytes, 8-byte aligned).
 *
 * <p>These calls report failure by their return value ({@code -1}, or {@link #SEM_FAILED} for {@code sem_open})
 * and leave the reason in {@code errno}, read with {@code Native.getLastError()}. They are not declared to throw
 * {@code LastErrorException} because glibc's {@code sem_open} may set {@code errno} on its way to success.
 */
public final class Semaphore {
    /** {@code sizeof(sem_t)} on x86-64 and AArch64. */
    public static final int SEM_T_SIZE = 32;
    /** What {@link #sem_open} returns on failure, {@code (sem_t *) 0}. */
    public static final long SEM_FAILED = 0L;
    /** The largest value a semaphore can hold. */
    public static final int SEM_VALUE_MAX = Integer.MAX_VALUE;

    static {
        Native.register(Semaphore.class, Platform.C_LIBRARY_NAME);
    }

    private Semaphore() {
    }

    /**
     * sem_open(3): opens (or with {@link Fcntl#O_CREAT} creates, with {@code mode} and initial {@code value}) the
     * named semaphore {@code name}, which starts with '/'. It appears as {@code /dev/shm/sem.<name without '/'>}.
     * The C function is variadic; on Linux x86-64 and AArch64 its two optional arguments travel like fixed ones.
     */
    public static native long sem_open(String name, int oflag, int mode, int value);

    /** sem_close(3): releases this process's handle; the semaphore stays. */
    public static native int sem_close(long sem);

    /** sem_unlink(3): removes the name; the semaphore goes when every handle is closed. */
    public static native int sem_unlink(String name);

    /** sem_init(3): makes an unnamed semaphore at {@code sem}; {@code pshared} non-zero shares it across processes. */
    public static native int sem_init(long sem, int pshared, int value);

    /** sem_destroy(3). */
    public static native int sem_destroy(long sem);

    /** sem_wait(3): P. Decrements, waiting while the value is zero; EINTR when a signal arrives. */
    public static native int sem_wait(long sem);

    /** sem_trywait(3): decrements if the value is above zero, else fails with EAGAIN. */
    public static native int sem_trywait(long sem);

    /**
     * sem_clockwait(3) (glibc 2.30): {@link #sem_wait} that gives up with ETIMEDOUT at the absolute time in the
     * timespec at {@code abstime}, measured on {@code clockid}.
     */
    public static native int sem_clockwait(long sem, int clockid, long abstime);

    /** sem_post(3): V. Increments and wakes one waiter; EOVERFLOW past {@link #SEM_VALUE_MAX}. */
    public static native int sem_post(long sem);

    /** sem_getvalue(3): stores the current value in {@code sval[0]}. */
    public static native int sem_getvalue(long sem, int[] sval);
}
