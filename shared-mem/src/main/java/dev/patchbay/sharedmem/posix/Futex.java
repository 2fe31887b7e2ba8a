package dev.patchbay.sharedmem.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <linux/futex.h>}, through syscall(2): waiting on and waking a 32-bit word, across processes when the word
 * lies in shared memory. The operations used here omit {@code FUTEX_PRIVATE_FLAG} for that reason: a private futex
 * is keyed by the virtual address and never wakes another process.
 *
 * <p>Results are returned, not thrown: 0 or a count on success, {@code -errno} on failure, since EAGAIN (the word
 * had already changed), ETIMEDOUT and EINTR are ordinary outcomes of a wait.
 */
public final class Futex {
    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    /**
     * The syscall number of futex: 202 on x86-64, 98 on AArch64 and the other architectures of the generic table;
     * -1 where unknown, and then every call fails with ENOSYS.
     */
    public static final long SYS_FUTEX = syscallNumber(Platform.ARCH);
    /** The syscall number of futex_waitv (Linux 5.16), the same on every architecture; -1 where unknown. */
    public static final long SYS_FUTEX_WAITV = SYS_FUTEX < 0 ? -1 : 449;
    /** Most words one futex_waitv waits on. */
    public static final int WAITV_MAX = 128;
    /** Bytes of one {@code struct futex_waitv}: u64 val, u64 uaddr, u32 flags, u32 reserved. */
    public static final int WAITV_ENTRY_SIZE = 24;
    /** {@code FUTEX2_SIZE_U32}: a 32-bit word, shared across processes. */
    public static final int FUTEX2_SIZE_U32 = 2;
    /** {@code FUTEX2_PRIVATE}: a word this process alone wakes. */
    public static final int FUTEX2_PRIVATE = 128;

    static {
        Native.register(Futex.class, Platform.C_LIBRARY_NAME);
    }

    private Futex() {
    }

    private static long syscallNumber(String arch) {
        switch (arch) {
            case "x86-64":
                return 202;
            case "aarch64":
            case "riscv64":
            case "loongarch64":
                return 98;
            default:
                return -1;
        }
    }

    private static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
     * FUTEX_WAIT: sleeps while the int at {@code address} equals {@code expected}, for at most the relative
     * timespec at {@code timeout} (0: no limit).
     *
     * @return 0 when woken (or spuriously), {@code -EAGAIN} if the word differed, {@code -ETIMEDOUT},
     *         {@code -EINTR}
     */
    public static int futexWait(long address, int expected, long timeout) {
        if (SYS_FUTEX < 0) {
            return -Errno.ENOSYS;
        }
        long r = syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, timeout, 0, 0);
        return r < 0 ? -Native.getLastError() : 0;
    }

    /**
     * futex_waitv(2): sleeps until any of the {@code count} words described at {@code waiters} (an array of
     * {@code struct futex_waitv}) is woken, or until the absolute CLOCK_MONOTONIC timespec at {@code deadline}.
     *
     * @return the index of a woken word, {@code -EAGAIN} if a word no longer held its value, {@code -ETIMEDOUT},
     *         {@code -EINTR}, or {@code -ENOSYS} on a kernel without it
     */
    public static int futexWaitv(long waiters, int count, long deadline) {
        if (SYS_FUTEX_WAITV < 0) {
            return -Errno.ENOSYS;
        }
        long r = syscall(SYS_FUTEX_WAITV, waiters, count, 0, deadline, Time.CLOCK_MONOTONIC, 0);
        return r < 0 ? -Native.getLastError() : (int) r;
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} threads waiting on the int at {@code address}.
     *
     * @return the number woken, or {@code -errno}
     */
    public static int futexWake(long address, int count) {
        if (SYS_FUTEX < 0) {
            return -Errno.ENOSYS;
        }
        long r = syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0, 0);
        return r < 0 ? -Native.getLastError() : (int) r;
    }
}
