package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <sys/inotify.h>}: a descriptor that becomes readable when a watched file is opened, for a side that waits
 * for its peer to open a file that gives nothing to wait on itself (a fifo's other end, before the first byte).
 */
public final class Inotify {
    public static final int IN_OPEN = 0x20;
    public static final int IN_NONBLOCK = 0x800;
    public static final int IN_CLOEXEC = 0x80000;
    /** Size of a {@code struct inotify_event} without a name, as a watch on a file (not a folder) reports it. */
    public static final int EVENT_SIZE = 16;

    static {
        Native.register(Inotify.class, Platform.C_LIBRARY_NAME);
    }

    private Inotify() {
    }

    /**
     * inotify_init1(2): a new instance. Fails with {@code EMFILE} when the user's instances are used up
     * ({@code fs.inotify.max_user_instances}, 128 by default).
     */
    public static native int inotify_init1(int flags) throws LastErrorException;

    /** inotify_add_watch(2): reports the events of {@code mask} on {@code path}; returns the watch descriptor. */
    public static native int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;
}
