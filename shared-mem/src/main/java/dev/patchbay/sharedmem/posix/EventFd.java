package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code <sys/eventfd.h>}: a counter descriptor, used here to wake threads blocked in poll. */
public final class EventFd {
    public static final int EFD_NONBLOCK = 04000;
    public static final int EFD_CLOEXEC = 02000000;

    static {
        Native.register(EventFd.class, Platform.C_LIBRARY_NAME);
    }

    private EventFd() {
    }

    /** eventfd(2). */
    public static native int eventfd(int initval, int flags) throws LastErrorException;
}
