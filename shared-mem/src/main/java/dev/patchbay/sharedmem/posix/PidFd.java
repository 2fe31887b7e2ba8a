package dev.patchbay.sharedmem.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * pidfd_open(2) (Linux 5.3): a descriptor for a process that poll(2) reports readable once the process has exited,
 * so a thread waiting on descriptors learns of a peer's death without asking /proc.
 */
public final class PidFd {
    /** The syscall number, the same on x86-64 and the generic table; -1 where unknown. */
    private static final long SYS_PIDFD_OPEN = Futex.SYS_FUTEX < 0 ? -1 : 434;

    static {
        Native.register(PidFd.class, Platform.C_LIBRARY_NAME);
    }

    private PidFd() {
    }

    private static native long syscall(long number, long a1, long a2);

    /**
     * A pidfd for process {@code pid}; -1 if there is none (it has exited, or the kernel lacks pidfd_open). The
     * caller checks afterwards that {@code pid} is still the process it means: a pid may have been reused.
     */
    public static int open(long pid) {
        if (SYS_PIDFD_OPEN < 0) {
            return -1;
        }
        long fd = syscall(SYS_PIDFD_OPEN, pid, 0);
        return fd < 0 ? -1 : (int) fd;
    }
}
