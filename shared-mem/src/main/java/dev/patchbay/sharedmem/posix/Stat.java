package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <sys/stat.h>}: creating fifos, setting modes, and asking an open file who owns it.
 *
 * <p>{@code struct stat} is passed as native memory of {@link #STAT_SIZE} bytes; its layout differs between x86-64
 * and the generic layout AArch64 uses, so the offsets below are chosen for the machine.
 */
public final class Stat {
    /** Owner read and write: the mode of every file Patchbay creates. */
    public static final int MODE_0600 = 0600;
    /** Owner only: the mode of every folder Patchbay creates. */
    public static final int MODE_0700 = 0700;
    /** The file type bits of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFSOCK = 0140000;

    /** Bytes to allocate for a {@code struct stat} (144 on x86-64, 128 on AArch64; rounded up). */
    public static final int STAT_SIZE = 256;
    private static final boolean X86_64 = Platform.isIntel() && Platform.is64Bit();
    /** {@code st_mode}: type and permission bits, uint32. */
    public static final int ST_MODE_OFFSET = X86_64 ? 24 : 16;
    /** {@code st_uid}: the owner's user id, uint32. */
    public static final int ST_UID_OFFSET = X86_64 ? 28 : 24;

    static {
        Native.register(Stat.class, Platform.C_LIBRARY_NAME);
    }

    private Stat() {
    }

    /** mkfifo(3): creates a named pipe; the mode is masked by the umask. */
    public static native int mkfifo(String path, int mode) throws LastErrorException;

    /** fchmod(2): sets the mode of an open file, unaffected by the umask. */
    public static native int fchmod(int fd, int mode) throws LastErrorException;

    /** fstat(2): fills {@code statbuf} (native memory of {@link #STAT_SIZE} bytes) with what {@code fd} is. */
    public static native int fstat(int fd, long statbuf) throws LastErrorException;
}
