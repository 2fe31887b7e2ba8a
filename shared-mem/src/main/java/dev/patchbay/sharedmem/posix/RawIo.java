package dev.patchbay.sharedmem.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The descriptor calls of {@code <unistd.h>}, {@code <sys/uio.h>} and {@code <poll.h>} that a non-blocking stream
 * makes per message, bound so that a failure returns -1 and leaves errno in {@link #errno()} instead of throwing.
 *
 * <p>On a non-blocking descriptor {@code EAGAIN} is the normal answer whenever the other side is slower; the
 * throwing bindings of {@link Unistd} and {@link Poll} would build an exception with a stack trace each time.
 */
public final class RawIo {
    /** Size of one {@code struct iovec}: {@code void *iov_base} at 0, {@code size_t iov_len} at 8. */
    public static final int IOVEC_SIZE = 16;

    static {
        Native.register(RawIo.class, Platform.C_LIBRARY_NAME);
    }

    private RawIo() {
    }

    /** open(2) of the NUL-terminated path in native memory at {@code path}: a descriptor, or -1 with errno. */
    public static native int open(long path, int flags);

    /** close(2): 0, or -1 with {@link #errno()}. */
    public static native int close(int fd);

    /** read(2) into native memory at {@code address}: bytes read, 0 at end of file, -1 with {@link #errno()}. */
    public static native long read(int fd, long address, long count);

    /** write(2) from native memory at {@code address}: bytes written, or -1 with {@link #errno()}. */
    public static native long write(int fd, long address, long count);

    /** writev(2) of {@code iovcnt} {@code struct iovec}s at {@code iov}: bytes written, or -1. */
    public static native long writev(int fd, long iov, int iovcnt);

    /** poll(2) of {@code nfds} {@code struct pollfd}s at {@code fds}: ready descriptors, 0 on timeout, or -1. */
    public static native int poll(long fds, long nfds, int timeoutMillis);

    /** The errno the calling thread's last call above set. */
    public static int errno() {
        return Native.getLastError();
    }
}
