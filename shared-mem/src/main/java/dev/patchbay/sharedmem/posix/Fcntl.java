package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code <fcntl.h>}: opening files and changing descriptor flags. */
public final class Fcntl {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    /** Sets the capacity of the pipe (or fifo) {@code fd} belongs to, in bytes; Linux only. */
    public static final int F_SETPIPE_SZ = 1031;
    /** The capacity of the pipe (or fifo) {@code fd} belongs to, in bytes; Linux only. */
    public static final int F_GETPIPE_SZ = 1032;
    public static final int FD_CLOEXEC = 1;

    static {
        Native.register(Fcntl.class, Platform.C_LIBRARY_NAME);
    }

    private Fcntl() {
    }

    /** open(2). */
    public static native int open(String path, int flags, int mode) throws LastErrorException;

    /**
     * open(2) for a caller that expects it to fail, again and again, until a peer has come (a fifo opened for
     * writing without a reader: {@code ENXIO}): the descriptor, or minus the error number. {@link #open} throws
     * instead, and an exception per try (JNA builds it, with a stack trace, from the error's text) was most of
     * what a listener waiting for its peer cost.
     */
    public static int tryOpen(String path, int flags, int mode) {
        int fd = Quiet.open(path, flags, mode);
        return fd >= 0 ? fd : -Native.getLastError();
    }

    /** The same call without the exception: JNA keeps errno for {@link Native#getLastError()}. */
    private static final class Quiet {
        static {
            Native.register(Quiet.class, Platform.C_LIBRARY_NAME);
        }

        private Quiet() {
        }

        static native int open(String path, int flags, int mode);
    }

    /**
     * posix_fallocate(3): makes sure the disk (or memory, on tmpfs) for {@code len} bytes from {@code offset} is
     * reserved, growing the file if needed. Returns an error number rather than setting errno.
     */
    public static native int posix_fallocate(int fd, long offset, long len);

    /** fcntl(2) with an integer argument. */
    public static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;
}
