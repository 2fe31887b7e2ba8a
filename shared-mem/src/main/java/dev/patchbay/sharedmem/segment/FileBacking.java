package dev.patchbay.sharedmem.segment;

import com.sun.jna.LastErrorException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Fcntl;

import java.io.IOException;
import java.nio.file.Files;

/** A regular file in one of {@link SegmentFolders}, opened without following symbolic links. */
final class FileBacking extends FdBacking {

    FileBacking(SegmentSpec spec) {
        super(spec);
    }

    @Override
    int openFd(int flags, int mode) throws LastErrorException {
        return Fcntl.open(spec.file().toString(), flags, mode);
    }

    @Override
    String openCall() {
        return "open(" + spec.file() + ")";
    }

    @Override
    String path() {
        return spec.file().toString();
    }

    @Override
    void remove() {
        try {
            Files.deleteIfExists(spec.file());
        } catch (IOException e) {
            throw new SharedMemException("cannot remove " + spec.file() + ": " + e, e);
        }
    }
}
