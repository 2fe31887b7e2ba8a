package dev.patchbay.transport.mmap;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.PeerSlot;

import java.nio.ByteBuffer;

import static dev.patchbay.transport.mmap.ControlFileDescriptor.*;

/** A link's control file mapped (see {@link ControlFileDescriptor}): slots, reader positions, doorbells. */
final class ControlFile implements AutoCloseable {
    private final Segment segment;
    private final ByteBuffer buffer;
    private final PeerSlot listener;
    private final PeerSlot connector;

    private ControlFile(Segment segment) {
        this.segment = segment;
        this.buffer = segment.data().buffer();
        this.listener = PeerSlot.at(segment.region(LISTENER_SLOT_OFFSET, PeerSlot.LENGTH));
        this.connector = PeerSlot.at(segment.region(CONNECTOR_SLOT_OFFSET, PeerSlot.LENGTH));
    }

    /** Opens the control file, making it if there is none. */
    static ControlFile openOrCreate(LogFiles files) {
        return open(files, OpenMode.OPEN_OR_CREATE);
    }

    /** Opens the control file; null if there is none. */
    static ControlFile openExisting(LogFiles files) {
        try {
            return open(files, OpenMode.OPEN_EXISTING);
        } catch (ObjectNotFoundException e) {
            return null;
        }
    }

    private static ControlFile open(LogFiles files, OpenMode mode) {
        SegmentSpec spec = SegmentSpec.persistentFile(files.control(), mode,
                LENGTH - SegmentHeaderDescriptor.HEADER_LENGTH);
        Segment segment;
        try {
            segment = Segment.open(spec, s -> {
                ByteBuffer b = s.data().buffer();
                LAYOUT.writeVersion(b, MAGIC_OFFSET);
                LAYOUT.publish(b, MAGIC_OFFSET);
            });
        } catch (ObjectNotFoundException e) {
            throw e;
        } catch (NotOwnedException e) {
            throw new PatchbayException(ErrorCode.FOREIGN_OBJECT, e.getMessage(), e);
        } catch (SharedMemException e) {
            throw new TransportIoException("cannot open " + spec.describe() + ": " + e.getMessage(), e);
        }
        try {
            LAYOUT.check(spec.describe(), segment.data().buffer(), MAGIC_OFFSET);
            LAYOUT.requireLength(spec.describe(), segment.size(), LENGTH);
            return new ControlFile(segment);
        } catch (IncompatibleLayoutException e) {
            segment.closeWithoutFlush();
            throw new TransportIoException(e.getMessage(), e);
        }
    }

    /** True if this process made the file just now. */
    boolean created() {
        return segment.isOwner();
    }

    PeerSlot listener() {
        return listener;
    }

    PeerSlot connector() {
        return connector;
    }

    Doorbell dataDoorbell(int direction) {
        return Doorbell.at(segment.region(direction(direction) + DATA_DOORBELL, Doorbell.LENGTH));
    }

    Doorbell spaceDoorbell(int direction) {
        return Doorbell.at(segment.region(direction(direction) + SPACE_DOORBELL, Doorbell.LENGTH));
    }

    long readerSequence(int direction) {
        return (long) MemoryViews.LONG.getAcquire(buffer, direction(direction) + READER_SEQUENCE);
    }

    long readerFile(int direction) {
        return (long) MemoryViews.LONG.getOpaque(buffer, direction(direction) + READER_FILE);
    }

    long readerOffset(int direction) {
        return buffer.getLong(direction(direction) + READER_OFFSET);
    }

    /** Stores where the reader of {@code direction} is: the hints first, then the sequence number that rules. */
    void saveReader(int direction, long sequence, long file, long offset) {
        int base = direction(direction);
        MemoryViews.LONG.setOpaque(buffer, base + READER_FILE, file);
        buffer.putLong(base + READER_OFFSET, offset);
        MemoryViews.LONG.setRelease(buffer, base + READER_SEQUENCE, sequence);
    }

    /** Forces the reader's position of {@code direction} to the disk. */
    void flushReader(int direction) {
        segment.flush(direction(direction) + READER_SEQUENCE, 24);
    }

    long writerSequence(int direction) {
        return (long) MemoryViews.LONG.getAcquire(buffer, direction(direction) + WRITER_SEQUENCE);
    }

    void writerSequence(int direction, long sequence) {
        MemoryViews.LONG.setRelease(buffer, direction(direction) + WRITER_SEQUENCE, sequence);
    }

    /** The index of the writer's newest file: every file up to it was made completely. */
    long writerFile(int direction) {
        return (long) MemoryViews.LONG.getAcquire(buffer, direction(direction) + WRITER_FILE);
    }

    void writerFile(int direction, long file) {
        MemoryViews.LONG.setRelease(buffer, direction(direction) + WRITER_FILE, file);
    }

    String describe() {
        return segment.spec().describe();
    }

    @Override
    public void close() {
        segment.close();
    }
}
