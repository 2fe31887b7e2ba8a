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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One place where Patchbay leaves things: how to list them and how to remove one. */
sealed interface Source permits PosixSource, SysVSource, FifoSource, MappedFileSource, SemaphoreSource,
        ControlSocketSource, DemoFolderSource, AeronSource {

    /** What is there now. */
    List<Resource> scan();

    /**
     * What {@code listed} is now, if it is still there: the janitor looks again just before removing it. A source
     * that can look at one resource alone says so; scanning everything for each removal made a gc of thousands of
     * leftovers quadratic.
     */
    default Optional<Resource> rescan(Resource listed) {
        return scan().stream()
                .filter(r -> r.name().equals(listed.name()) && r.location().equals(listed.location()))
                .findFirst();
    }

    /** Removes {@code resource}; the janitor has checked that it may. */
    void delete(Resource resource) throws IOException;

    /** The header at the start of a regular file, if it has {@value SegmentHeaderDescriptor#HEADER_LENGTH} bytes. */
    static Optional<SegmentHeader> readHeader(Path file) {
        return headerBytes(file).map(b -> SegmentHeader.read(b, 0));
    }

    /** The first {@value SegmentHeaderDescriptor#HEADER_LENGTH} bytes of a regular file, if it has as many. */
    private static Optional<ByteBuffer> headerBytes(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.allocate(SegmentHeaderDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && channel.read(b) >= 0) {
                // read until full or end of file
            }
            return b.hasRemaining() ? Optional.empty() : Optional.of(b.flip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A segment kept in a file under one of our names: from its header, or unfinished if it has no magic yet and
     * its header is all zeros or names this very segment (a segment is sized, and so zero-filled, before its
     * creator writes the header's fields, and the magic comes after them).
     */
    static Resource fileSegment(ResourceKind kind, SegmentKind segmentKind, String name, Path file) {
        Optional<ByteBuffer> bytes = headerBytes(file);
        Optional<SegmentHeader> header = bytes.map(b -> SegmentHeader.read(b, 0));
        if (header.isPresent() && header.get().magic() == 0 && (isBlank(bytes.get())
                || header.get().kind() == segmentKind && header.get().name().equals(name))) {
            return new Resource(kind, name, sizeOf(file), null, false, false, false, file.toString(), -1,
                    modified(file), true, false);
        }
        return segment(kind, segmentKind, name, sizeOf(file), header, file.toString(), -1);
    }

    private static boolean isBlank(ByteBuffer b) {
        for (int i = 0; i < b.limit(); i += Long.BYTES) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** When a file last changed, or null if that cannot be read. */
    static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return null;
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
