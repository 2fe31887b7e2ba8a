package dev.patchbay.sharedmem.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code <sys/mman.h>}: mapping memory and POSIX shared memory objects. Since glibc 2.34 {@code shm_open} and
 * {@code shm_unlink} live in libc itself, not in librt.
 */
public final class Mman {
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    /** What {@link #mmap} returns on failure, {@code (void *) -1}. */
    public static final long MAP_FAILED = -1L;
    public static final int MS_ASYNC = 1;
    public static final int MS_SYNC = 4;

    static {
        Native.register(Mman.class, Platform.C_LIBRARY_NAME);
    }

    private Mman() {
    }

    /**
     * mmap(2): maps {@code length} bytes of {@code fd} from {@code offset}; returns the address of the mapping.
     * Pass 0 for {@code addr} to let the kernel choose.
     */
    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    /** munmap(2): removes the mapping at {@code addr}; later access to it raises SIGSEGV. */
    public static native int munmap(long addr, long length) throws LastErrorException;

    /** msync(2): writes the pages of a file mapping back to the file ({@link #MS_SYNC} waits for it). */
    public static native int msync(long addr, long length, int flags) throws LastErrorException;

    /**
     * shm_open(3): opens (or with {@link Fcntl#O_CREAT} creates) the POSIX shared memory object {@code name}, which
     * must start with '/' and contain no other '/'. The object appears as {@code /dev/shm/<name without '/'>}; the
     * mode is masked by the umask.
     */
    public static native int shm_open(String name, int oflag, int mode) throws LastErrorException;

    /** shm_unlink(3): removes the name; the memory stays until the last mapping of it is gone. */
    public static native int shm_unlink(String name) throws LastErrorException;
}
