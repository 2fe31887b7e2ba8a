package dev.patchbay.sharedmem.posix;

import dev.patchbay.sharedmem.SharedMemException;

/** A C library call failed; carries the errno and says which call, on what, and why. */
public class NativeCallException extends SharedMemException {
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The errno the call set. */
    public int errno() {
        return errno;
    }
}
