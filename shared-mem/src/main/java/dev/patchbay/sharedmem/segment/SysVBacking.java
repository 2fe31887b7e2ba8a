package dev.patchbay.sharedmem.segment;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Ipc;
import dev.patchbay.sharedmem.posix.NativeCallException;
import dev.patchbay.sharedmem.posix.Shm;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.runtime.Ownership;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.HEADER_LENGTH;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.MAX_TOTAL_SIZE;

/**
 * A System V shared memory segment at the key {@link SysVKey#of}{@code (name)}. shmget creates a segment at its
 * full size in one step, so unlike a file there is no window where it exists but is empty.
 */
final class SysVBacking extends Backing {
    private final SegmentSpec spec;
    private final int key;
    private int shmid = -1;

    SysVBacking(SegmentSpec spec) {
        this.spec = spec;
        this.key = SysVKey.of(spec.name());
    }

    @Override
    boolean create(long totalSize) {
        try {
            shmid = Shm.shmget(key, totalSize, Ipc.IPC_CREAT | Ipc.IPC_EXCL | Stat.MODE_0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EEXIST) {
                return false;
            }
            throw Errno.failure("shmget(" + SysVKey.hex(key) + ", " + totalSize + ", IPC_CREAT|IPC_EXCL|0600)"
                    + " for '" + spec.name() + "'", e);
        }
        try {
            attach(totalSize);
            return true;
        } catch (RuntimeException e) {
            remove();
            throw e;
        }
    }

    @Override
    boolean open(long deadlineNanos) {
        try {
            shmid = Shm.shmget(key, 0, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ENOENT) {
                return false;
            }
            throw Errno.failure("shmget(" + SysVKey.hex(key) + ") for '" + spec.name() + "'", e);
        }
        Status status = status(shmid);
        Ownership.require(status.uid, status.mode, spec.describe() + " (shmid " + shmid + ")");
        if (status.size < HEADER_LENGTH || status.size > MAX_TOTAL_SIZE) {
            throw new SharedMemException(spec.describe() + ": the segment at that key (shmid " + shmid + ") is "
                    + status.size + " bytes, which no Patchbay segment is; the key collides with another program's");
        }
        attach(status.size);
        return true;
    }

    private void attach(long size) {
        try {
            address = Shm.shmat(shmid, 0, 0);
            length = size;
        } catch (LastErrorException e) {
            throw Errno.failure("shmat(" + shmid + ") for '" + spec.name() + "'", e);
        }
    }

    /** What IPC_STAT says about a segment. */
    record Status(int key, int uid, int mode, long size) {
    }

    /** IPC_STAT of {@code shmid}. */
    static Status status(int shmid) {
        try (Memory ds = new Memory(Shm.SHMID_DS_SIZE)) {
            ds.clear();
            Shm.shmctl(shmid, Ipc.IPC_STAT, Pointer.nativeValue(ds));
            return new Status(ds.getInt(Shm.SHM_PERM_KEY_OFFSET), ds.getInt(Shm.SHM_PERM_UID_OFFSET),
                    Short.toUnsignedInt(ds.getShort(Shm.SHM_PERM_MODE_OFFSET)) & 0777,
                    ds.getLong(Shm.SHM_SEGSZ_OFFSET));
        } catch (LastErrorException e) {
            throw Errno.failure("shmctl(" + shmid + ", IPC_STAT)", e);
        }
    }

    @Override
    void flush() {
        // Nothing to write back: the segment is memory only.
    }

    @Override
    void flush(long offset, long length) {
        // Nothing to write back: the segment is memory only.
    }

    @Override
    void unmap() {
        if (address != 0) {
            try {
                Shm.shmdt(address);
            } catch (LastErrorException e) {
                throw Errno.failure("shmdt(" + spec.name() + ")", e);
            } finally {
                address = 0;
            }
        }
    }

    @Override
    void remove() {
        if (shmid < 0) {
            return;
        }
        Status now;
        try {
            now = status(shmid);
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.EIDRM) {
                return;
            }
            throw e;
        }
        // Only the segment this object created or proved ours, and only while the key still says it is.
        if (now.key != key) {
            return;
        }
        try {
            Shm.shmctl(shmid, Ipc.IPC_RMID, 0);
        } catch (LastErrorException e) {
            throw Errno.failure("shmctl(" + shmid + ", IPC_RMID) for '" + spec.name() + "'", e);
        }
    }
}
