package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code <sys/stat.h>}: creating fifos and setting modes. */
public final class Stat {
    /** Owner read and write: the mode of every file Patchbay creates. */
    public static final int MODE_0600 = 0600;
    /** Owner only: the mode of every folder Patchbay creates. */
    public static final int MODE_0700 = 0700;

    static {
        Native.register(Stat.class, Platform.C_LIBRARY_NAME);
    }

    private Stat() {
    }

    /** mkfifo(3): creates a named pipe; the mode is masked by the umask. */
    public static native int mkfifo(String path, int mode) throws LastErrorException;

    /** fchmod(2): sets the mode of an open file, unaffected by the umask. */
    public static native int fchmod(int fd, int mode) throws LastErrorException;
}
