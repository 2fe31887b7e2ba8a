package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <poll.h>}. The {@code struct pollfd} array is passed as native memory: 8 bytes per entry, {@code int fd}
 * at 0, {@code short events} at 4, {@code short revents} at 6.
 */
public final class Poll {
    public static final int POLLIN = 0x001;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;
    /** Size of one {@code struct pollfd}. */
    public static final int POLLFD_SIZE = 8;

    static {
        Native.register(Poll.class, Platform.C_LIBRARY_NAME);
    }

    private Poll() {
    }

    /** poll(2): waits up to {@code timeoutMillis} (-1: forever) for events on {@code nfds} descriptors. */
    public static native int poll(long fds, long nfds, int timeoutMillis) throws LastErrorException;
}
