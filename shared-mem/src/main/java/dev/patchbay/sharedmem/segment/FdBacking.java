package dev.patchbay.sharedmem.segment;

import com.sun.jna.LastErrorException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Fcntl;
import dev.patchbay.sharedmem.posix.Mman;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.runtime.Ownership;

import java.util.concurrent.locks.LockSupport;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.HEADER_LENGTH;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAX_TOTAL_SIZE;

/**
 * Memory reached through a file descriptor: a POSIX shared memory object or a regular file. The descriptor is
 * closed as soon as the memory is mapped; the mapping keeps the memory.
 */
abstract sealed class FdBacking extends Backing permits PosixBacking, FileBacking {
    private static final int OPEN_FLAGS = Fcntl.O_RDWR | Fcntl.O_CLOEXEC | Fcntl.O_NOFOLLOW;

    final SegmentSpec spec;

    FdBacking(SegmentSpec spec) {
        this.spec = spec;
    }

    /** Opens the name with these flags and mode; the call's failure is thrown as {@link LastErrorException}. */
    abstract int openFd(int flags, int mode) throws LastErrorException;

    /** What {@link #openFd} opens, for messages: {@code "shm_open(/patchbay-x)"}. */
    abstract String openCall();

    /** The file that holds the memory, for messages. */
    abstract String path();

    @Override
    boolean create(long totalSize) {
        int fd;
        try {
            fd = openFd(OPEN_FLAGS | Fcntl.O_CREAT | Fcntl.O_EXCL, Stat.MODE_0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EEXIST) {
                return false;
            }
            throw Errno.failure(openCall(), e);
        }
        String call = "fchmod(" + path() + ", 0600)";
        try {
            // The umask may have taken bits off; 0600 exactly, never more.
            Stat.fchmod(fd, Stat.MODE_0600);
            call = "ftruncate(" + path() + ", " + totalSize + ")";
            Unistd.ftruncate(fd, totalSize);
            // Reserve the pages now: on a full tmpfs or disk a sparse file is fine until a write, which is SIGBUS.
            int err = Fcntl.posix_fallocate(fd, 0, totalSize);
            if (err != 0) {
                throw new NativeCallException("posix_fallocate(" + path() + ", " + totalSize + ")", err);
            }
            map(fd, totalSize);
            return true;
        } catch (LastErrorException e) {
            remove();
            throw Errno.failure(call, e);
        } catch (RuntimeException e) {
            remove();
            throw e;
        } finally {
            closeQuietly(fd);
        }
    }

    @Override
    boolean open(long deadlineNanos) {
        int fd;
        try {
            fd = openFd(OPEN_FLAGS, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT) {
                return false;
            }
            throw Errno.failure(openCall(), e);
        }
        try {
            // Before anything is read or written: another user's object at our name is not ours to join.
            Ownership.requireOwn(fd, spec.describe());
            long size = Unistd.lseek(fd, 0, Unistd.SEEK_END);
            // A creator makes the name, then sizes it: wait for the size rather than fail on an empty object.
            while (size < HEADER_LENGTH && System.nanoTime() - deadlineNanos < 0) {
                LockSupport.parkNanos(1_000_000);
                size = Unistd.lseek(fd, 0, Unistd.SEEK_END);
            }
            if (size < HEADER_LENGTH) {
                throw new SharedMemException(spec.describe() + " is " + size + " bytes, too small for a segment"
                        + " header (" + HEADER_LENGTH + "); its creator may have died while making it");
            }
            if (size > MAX_TOTAL_SIZE) {
                throw new SharedMemException(spec.describe() + " is " + size + " bytes; the largest segment is "
                        + MAX_TOTAL_SIZE);
            }
            map(fd, size);
            return true;
        } catch (LastErrorException e) {
            throw Errno.failure("lseek(" + path() + ")", e);
        } finally {
            closeQuietly(fd);
        }
    }

    private void map(int fd, long size) {
        try {
            address = Mman.mmap(0, size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd, 0);
            length = size;
        } catch (LastErrorException e) {
            throw Errno.failure("mmap(" + path() + ", " + size + ")", e);
        }
    }

    @Override
    void flush() {
        if (address != 0) {
            try {
                Mman.msync(address, length, Mman.MS_SYNC);
            } catch (LastErrorException e) {
                throw Errno.failure("msync(" + path() + ")", e);
            }
        }
    }

    @Override
    void flush(long offset, long length) {
        if (address != 0 && length > 0) {
            // msync wants a page-aligned start; the mapping itself starts on a page.
            long start = offset & -(long) Pages.SIZE;
            long end = Math.min(this.length, offset + length);
            try {
                Mman.msync(address + start, end - start, Mman.MS_SYNC);
            } catch (LastErrorException e) {
                throw Errno.failure("msync(" + path() + ", offset " + start + ", " + (end - start) + " bytes)", e);
            }
        }
    }

    @Override
    void unmap() {
        if (address != 0) {
            try {
                Mman.munmap(address, length);
            } catch (LastErrorException e) {
                throw Errno.failure("munmap(" + path() + ")", e);
            } finally {
                address = 0;
            }
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Unistd.close(fd);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error.
        }
    }
}
