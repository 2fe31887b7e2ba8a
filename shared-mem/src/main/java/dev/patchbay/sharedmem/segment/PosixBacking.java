package dev.patchbay.sharedmem.segment;

import com.sun.jna.LastErrorException;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Mman;

/** A POSIX shared memory object, {@code shm_open("/patchbay-<name>")}. */
final class PosixBacking extends FdBacking {
    /** Where Linux keeps POSIX shared memory objects. */
    static final String DEV_SHM = "/dev/shm";

    private final String objectName;

    PosixBacking(SegmentSpec spec) {
        super(spec);
        this.objectName = Names.posixName(spec.name());
    }

    @Override
    int openFd(int flags, int mode) throws LastErrorException {
        return Mman.shm_open(objectName, flags, mode);
    }

    @Override
    String openCall() {
        return "shm_open(" + objectName + ")";
    }

    @Override
    String path() {
        return DEV_SHM + objectName;
    }

    @Override
    void remove() {
        try {
            Mman.shm_unlink(objectName);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENOENT) {
                throw Errno.failure("shm_unlink(" + objectName + ")", e);
            }
        }
    }
}
