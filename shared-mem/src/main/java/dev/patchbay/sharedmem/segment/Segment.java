package dev.patchbay.sharedmem.segment;

import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.SharedMemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.HEADER_LENGTH;
import static dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor.HEARTBEAT_OFFSET;

/**
 * A block of memory shared between processes, of any {@link SegmentKind}, mapped into this process.
 *
 * <p>Every segment starts with a {@link SegmentHeaderDescriptor header}: magic, layout version, owner, creation
 * time, heartbeat, name. The process that creates a segment owns it; when the owner closes it, the name is removed
 * (unless the segment is persistent) and the memory goes once every other process has closed it too. Others only
 * unmap on close.
 *
 * <pre>{@code
 * try (Segment s = Segment.open(SegmentSpec.posix("orders", OpenMode.OPEN_OR_CREATE, 1 << 20))) {
 *     Region data = s.data();
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing unmaps the memory at once. Every {@link Region} and object made on the segment is then invalid, and
 * touching one kills the process (SIGSEGV): close a segment after what uses it.
 */
public final class Segment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    private final SegmentSpec spec;
    private final Backing backing;
    private final ByteBuffer buffer;
    private final boolean owner;
    private boolean closed;

    Segment(SegmentSpec spec, Backing backing, boolean owner) {
        this.spec = spec;
        this.backing = backing;
        this.owner = owner;
        this.buffer = new Pointer(backing.address).getByteBuffer(0, backing.length)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens (or creates, following {@code spec.mode()}) a segment. */
    public static Segment open(SegmentSpec spec) {
        return SegmentOpener.open(spec, s -> {
        });
    }

    /**
     * Opens (or creates) a segment; if this call creates it, {@code initializer} prepares its data before any
     * other process can use it: openers wait until the creator has published the header, which happens after the
     * initializer returns. If the initializer throws, the new segment is removed.
     */
    public static Segment open(SegmentSpec spec, Consumer<Segment> initializer) {
        return SegmentOpener.open(spec, initializer);
    }

    /** The name. */
    public String name() {
        return spec.name();
    }

    /** The kind. */
    public SegmentKind kind() {
        return spec.kind();
    }

    /** The spec it was opened with. */
    public SegmentSpec spec() {
        return spec;
    }

    /** True if this process created the segment (and removes it on close unless it is persistent). */
    public boolean isOwner() {
        return owner;
    }

    /** The size of the mapping: header plus data, whole pages. */
    public long size() {
        return buffer.capacity();
    }

    /** The header as it is now. */
    public SegmentHeader header() {
        checkOpen();
        return SegmentHeader.read(buffer, 0);
    }

    /** The data area: everything after the header. */
    public Region data() {
        return region(HEADER_LENGTH, buffer.capacity() - HEADER_LENGTH);
    }

    /**
     * A range of the data area, by offsets from the start of the segment.
     *
     * @throws IndexOutOfBoundsException if it is not inside the data area
     */
    public Region region(int offset, int length) {
        checkOpen();
        if (offset < HEADER_LENGTH) {
            throw new IndexOutOfBoundsException("region offset=" + offset + " overlaps the segment header ("
                    + HEADER_LENGTH + " bytes)");
        }
        return Region.ofMapping(buffer, backing.address, offset, length);
    }

    /** Stores the current time in the header's heartbeat field, for others to see this owner is alive. */
    public void heartbeat() {
        checkOpen();
        MemoryViews.LONG.setRelease(buffer, HEARTBEAT_OFFSET, System.currentTimeMillis());
    }

    /** Writes a mapped file's pages back to the file and waits for it; does nothing for shared memory. */
    public void flush() {
        checkOpen();
        backing.flush();
    }

    /**
     * Writes the pages holding {@code length} bytes from {@code offset} (counted from the segment start) back to a
     * mapped file and waits for it; does nothing for shared memory. Costs a system call: for data whose durability
     * the caller chose, not for every access.
     */
    public void flush(long offset, long length) {
        checkOpen();
        if (offset < 0 || length < 0 || offset + length > size()) {
            throw new IndexOutOfBoundsException("flush [offset=" + offset + ", length=" + length
                    + "] is outside the segment (" + size() + " bytes)");
        }
        backing.flush(offset, length);
    }

    /** True until {@link #close()}. */
    public synchronized boolean isOpen() {
        return !closed;
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new SharedMemException(spec.describe() + " is closed");
        }
    }

    /** The owner removes the name (unless persistent); every process unmaps. Harmless to call twice. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * {@link #close()}, except that a persistent segment's pages are not written back first: they reach the file
     * when the kernel writes them back, as for a process that dies. For callers that manage durability themselves
     * (a log that flushed what it promised), where a forced write of the whole file at close is wasted time.
     */
    public void closeWithoutFlush() {
        close(false);
    }

    private synchronized void close(boolean flushPersistent) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (owner && !spec.persistent()) {
                backing.remove();
                LOG.debug("removed {}", spec.describe());
            } else if (spec.persistent() && flushPersistent) {
                backing.flush();
            }
        } finally {
            backing.unmap();
        }
    }

    @Override
    public String toString() {
        return "Segment[" + spec.describe() + ", " + size() + " bytes" + (owner ? ", owner" : "")
                + (isOpen() ? "" : ", closed") + "]";
    }
}
