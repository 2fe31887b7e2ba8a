package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code <sys/eventfd.h>}: a counter with a descriptor, to wake a thread that waits in poll(2) from another. */
public final class EventFd {
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    static {
        Native.register(EventFd.class, Platform.C_LIBRARY_NAME);
    }

    private EventFd() {
    }

    /** eventfd(2): a new descriptor whose counter starts at {@code initval}. */
    public static native int eventfd(int initval, int flags) throws LastErrorException;
}
