package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.*;

/**
 * What a segment header says, read at one moment (see {@link SegmentHeaderDescriptor} for the layout).
 *
 * @param magic        {@link SegmentHeaderDescriptor#MAGIC} once published
 * @param major        layout major version
 * @param minor        layout minor version
 * @param headerLength bytes of header
 * @param totalSize    bytes of the whole segment, header included
 * @param owner        the process that created the segment
 * @param created      when it was created
 * @param kind         the kind stored in the header, or null if the code is unknown
 * @param flags        {@link SegmentHeaderDescriptor#FLAG_PERSISTENT}, ...
 * @param heartbeat    the owner's last heartbeat, or {@link Instant#EPOCH} if it never beat
 * @param name         the segment's name
 */
public record SegmentHeader(long magic, int major, int minor, int headerLength, long totalSize,
                            ProcessIdentity owner, Instant created, SegmentKind kind, int flags, Instant heartbeat,
                            String name) {

    /** Reads the header at {@code index} of {@code buffer} (which must hold {@value #HEADER_LENGTH} bytes there). */
    public static SegmentHeader read(ByteBuffer buffer, int index) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new SegmentHeader(
                b.getLong(index + MAGIC_OFFSET),
                Short.toUnsignedInt(b.getShort(index + VERSION_MAJOR_OFFSET)),
                Short.toUnsignedInt(b.getShort(index + VERSION_MINOR_OFFSET)),
                b.getInt(index + HEADER_LENGTH_OFFSET),
                b.getLong(index + TOTAL_SIZE_OFFSET),
                new ProcessIdentity(b.getLong(index + OWNER_PID_OFFSET), b.getLong(index + OWNER_START_TIME_OFFSET)),
                Instant.ofEpochMilli(b.getLong(index + CREATED_OFFSET)),
                SegmentKind.ofCode(b.getInt(index + KIND_OFFSET)),
                b.getInt(index + FLAGS_OFFSET),
                Instant.ofEpochMilli(b.getLong(index + HEARTBEAT_OFFSET)),
                MemoryViews.getAscii(b, index + NAME_OFFSET, NAME_LENGTH));
    }

    /** True once the creator has published the segment. */
    public boolean isPublished() {
        return magic == MAGIC;
    }

    /** True if the magic is ours, published or still being created. */
    public boolean isOurs() {
        return magic == MAGIC || magic == MAGIC_CREATING;
    }

    /** True if the segment outlives its owner (never removed on close nor by the janitor). */
    public boolean isPersistent() {
        return (flags & FLAG_PERSISTENT) != 0;
    }

    /**
     * Checks that this header is one this library can use.
     *
     * @param what names the segment in the message, e.g. {@code "POSIX segment /patchbay-orders"}
     * @throws IncompatibleLayoutException for a foreign magic or another major version
     */
    public void checkCompatible(String what) {
        // A header still being created is ours too: its creator publishes MAGIC once the data is laid out.
        LAYOUT.check(what, isOurs() ? MAGIC : magic, major, minor);
        LAYOUT.requireLength(what + "'s header", headerLength, HEADER_LENGTH);
    }

    /** Writes every field of a new header and the {@link SegmentHeaderDescriptor#MAGIC_CREATING} magic. */
    static void writeCreating(ByteBuffer b, SegmentKind kind, String name, long totalSize, int flags,
                              ProcessIdentity owner) {
        b.putShort(VERSION_MAJOR_OFFSET, (short) VERSION_MAJOR);
        b.putShort(VERSION_MINOR_OFFSET, (short) VERSION_MINOR);
        b.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        b.putLong(TOTAL_SIZE_OFFSET, totalSize);
        b.putLong(OWNER_PID_OFFSET, owner.pid());
        b.putLong(OWNER_START_TIME_OFFSET, owner.startTime());
        long now = System.currentTimeMillis();
        b.putLong(CREATED_OFFSET, now);
        b.putInt(KIND_OFFSET, kind.code());
        b.putInt(FLAGS_OFFSET, flags);
        b.putLong(HEARTBEAT_OFFSET, now);
        MemoryViews.putAscii(b, NAME_OFFSET, NAME_LENGTH, name);
        MemoryViews.LONG.setRelease(b, MAGIC_OFFSET, MAGIC_CREATING);
    }

    /** Publishes a header written by {@link #writeCreating}: everything written before is visible to openers. */
    static void publish(ByteBuffer b) {
        MemoryViews.LONG.setRelease(b, MAGIC_OFFSET, MAGIC);
    }
}
