package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.SegmentHeader;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.segment.SegmentKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** One place where Patchbay leaves things: how to list them and how to remove one. */
sealed interface Source permits PosixSource, SysVSource, FifoSource, MappedFileSource, SemaphoreSource {

    /** What is there now. */
    List<Resource> scan();

    /** Removes {@code resource}; the janitor has checked that it may. */
    void delete(Resource resource) throws IOException;

    /** The header at the start of a regular file, if it has {@value SegmentHeaderDescriptor#HEADER_LENGTH} bytes. */
    static Optional<SegmentHeader> readHeader(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.allocate(SegmentHeaderDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && channel.read(b) >= 0) {
                // read until full or end of file
            }
            return b.hasRemaining() ? Optional.empty() : Optional.of(SegmentHeader.read(b, 0));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A segment resource from what its header says; ours only if magic, kind and name all agree. */
    static Resource segment(ResourceKind kind, SegmentKind segmentKind, String name, long size,
                            Optional<SegmentHeader> header, String location, int shmid) {
        boolean ours = header.isPresent() && header.get().isOurs() && header.get().kind() == segmentKind
                && header.get().name().equals(name);
        ProcessIdentity owner = ours ? header.get().owner() : null;
        return new Resource(kind, name, size, owner, owner != null && owner.isAlive(), ours,
                ours && header.get().isPersistent(), location, shmid, ours ? header.get().created() : null);
    }

    /** The size of a file, 0 if it cannot be read. */
    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
