package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <unistd.h>}: reading, writing and closing file descriptors. Buffers are passed as native addresses
 * ({@code long}) so that no JNA objects are made per call.
 */
public final class Unistd {
    public static final int SEEK_SET = 0;
    public static final int SEEK_END = 2;
    /** sysconf name of the page size. */
    public static final int _SC_PAGESIZE = 30;

    static {
        Native.register(Unistd.class, Platform.C_LIBRARY_NAME);
    }

    private Unistd() {
    }

    /** read(2): reads up to {@code count} bytes into native memory at {@code address}; 0 at end of file. */
    public static native long read(int fd, long address, long count) throws LastErrorException;

    /** write(2): writes up to {@code count} bytes from native memory at {@code address}. */
    public static native long write(int fd, long address, long count) throws LastErrorException;

    /** close(2). */
    public static native int close(int fd) throws LastErrorException;

    /** pipe2(2): {@code fds[0]} is the read end, {@code fds[1]} the write end. */
    public static native int pipe2(int[] fds, int flags) throws LastErrorException;

    /** dup(2). */
    public static native int dup(int fd) throws LastErrorException;

    /** dup2(2): makes {@code newfd} a copy of {@code oldfd}, closing what {@code newfd} was. */
    public static native int dup2(int oldfd, int newfd) throws LastErrorException;

    /** ftruncate(2): sets the size of the open file {@code fd}; new bytes read as zero. */
    public static native int ftruncate(int fd, long length) throws LastErrorException;

    /** lseek(2): with {@link #SEEK_END} and offset 0, returns the size of the file. */
    public static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    /** sysconf(3): e.g. {@code sysconf(_SC_PAGESIZE)}; never fails for the names used here. */
    public static native long sysconf(int name);

    /** getuid(2): the real user id; never fails. */
    public static native int getuid();

    /** geteuid(2): the effective user id; never fails. */
    public static native int geteuid();

    /** getpid(2); never fails. */
    public static native int getpid();
}
