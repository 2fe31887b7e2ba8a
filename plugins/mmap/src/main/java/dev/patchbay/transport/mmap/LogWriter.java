package dev.patchbay.transport.mmap;

import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.Doorbell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

import static dev.patchbay.transport.mmap.LogFileDescriptor.*;

/**
 * Appends records to the log of one direction. Opening finds the end of what the previous writer committed, cuts
 * off whatever it left half-written, and carries on with the next sequence number; a full file rolls over to a new
 * one. One thread at a time.
 */
final class LogWriter implements AutoCloseable {
    /** {@link #append} result: the record is committed. */
    static final int APPENDED = 1;
    /** {@link #append} result: a new file is needed but the reader is too far behind; nothing was written. */
    static final int READER_BEHIND = 0;

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final LogFiles files;
    private final int direction;
    private final MmapParams params;
    private final ControlFile control;
    private final LogRecords records = new LogRecords();
    private final Doorbell dataDoorbell;
    private boolean ringReader;
    private Segment segment;
    private ByteBuffer buffer;
    private long fileIndex;
    private int offset;
    private int end;
    private long sequence;
    private int unflushedFrom;
    private int unflushedCount;

    private LogWriter(LogFiles files, int direction, MmapParams params, ControlFile control) {
        this.files = files;
        this.direction = direction;
        this.params = params;
        this.control = control;
        this.dataDoorbell = control.dataDoorbell(direction);
    }

    /** Opens the log of {@code direction} for appending, recovering its end; makes the first file if needed. */
    static LogWriter open(LogFiles files, int direction, MmapParams params, ControlFile control) {
        LogWriter writer = new LogWriter(files, direction, params, control);
        try {
            writer.recover();
        } catch (SharedMemException e) {
            writer.close();
            throw new TransportIoException("cannot open the log " + files.log(direction, writer.fileIndex) + ": "
                    + e.getMessage(), e);
        }
        control.writerSequence(direction, writer.sequence);
        control.writerFile(direction, writer.fileIndex);
        return writer;
    }

    private void recover() {
        List<Long> indices = files.indices(direction);
        while (!indices.isEmpty() && files.header(direction, indices.get(indices.size() - 1)).isEmpty()) {
            long torn = indices.remove(indices.size() - 1);
            if (torn <= control.writerFile(direction)) {
                // Made completely once (the writer names a file only then): its header was damaged since.
                throw new CorruptFrameException(files.path(files.log(direction, torn)) + " is damaged: "
                        + files.headerDamage(direction, torn) + "; not removing a log with records in it (move it"
                        + " aside or restore it)");
            }
            LOG.warn("removing {}: its writer died while making it", files.log(direction, torn));
            files.delete(files.log(direction, torn));
        }
        if (indices.isEmpty()) {
            sequence = control.writerSequence(direction);
            switchTo(create(1, sequence, params.rollSize()), 1);
            return;
        }
        long last = indices.get(indices.size() - 1);
        long first = files.header(direction, last).orElseThrow().firstSequence();
        switchTo(openFile(last), last);
        sequence = first;
        if (scanToEnd()) {
            // The roll marker is there but the next file is not: it was being made. Make it again.
            roll(0);
            return;
        }
        if (sequence == first && indices.size() > 1) {
            markPreviousRolled(indices.get(indices.size() - 2), first);
        }
        cutTail();
    }

    /** Walks the committed records from the current offset; true if it ends on a roll marker. */
    private boolean scanToEnd() {
        while (true) {
            int length = (int) MemoryViews.INT.getAcquire(buffer, offset);
            if (length == 0) {
                return false;
            }
            if (length == ROLL) {
                return true;
            }
            String problem = records.check(offset, length, end, sequence, Integer.MAX_VALUE);
            if (problem != null) {
                if (sequence < control.writerSequence(direction)) {
                    // A writer said it had committed this record: it is damage, not a record cut short.
                    throw new CorruptFrameException(files.path(files.log(direction, fileIndex)) + " is damaged:"
                            + " record " + sequence + ", committed by an earlier writer: " + problem
                            + "; not cutting the log there (move it aside or restore it)");
                }
                LOG.warn("{}: {}; the log ends before it", files.log(direction, fileIndex), problem);
                return false;
            }
            offset += stride(length - RECORD_HEADER_LENGTH);
            sequence++;
        }
    }

    /**
     * The writer died after making a new file and before marking the previous one rolled: its reader would wait
     * at the end of the previous file for ever. Mark it now.
     */
    private void markPreviousRolled(long previous, long firstOfLast) {
        Segment current = segment;
        ByteBuffer currentBuffer = buffer;
        int currentEnd = end;
        long currentSequence = sequence;
        long currentIndex = fileIndex;
        Segment old = openFile(previous);
        try {
            fileIndex = previous;
            buffer = old.data().buffer();
            end = (int) old.size() - TRAILER_LENGTH;
            records.map(old);
            offset = RECORDS_OFFSET;
            sequence = files.header(direction, previous).orElseThrow().firstSequence();
            if (!scanToEnd() && sequence == firstOfLast) {
                cutTail();
                MemoryViews.INT.setRelease(buffer, offset, ROLL);
                LOG.info("{}: marked rolled over to the next file", files.log(direction, previous));
            }
        } finally {
            old.closeWithoutFlush();
            fileIndex = currentIndex;
            segment = current;
            buffer = currentBuffer;
            end = currentEnd;
            records.map(current);
            offset = RECORDS_OFFSET;
            sequence = currentSequence;
        }
    }

    /** Zeroes whatever lies after the last committed record: a record that was being written when a writer died. */
    private void cutTail() {
        int last = -1;
        for (int i = end + TRAILER_LENGTH - 8; i >= offset; i -= 8) {
            if (buffer.getLong(i) != 0) {
                last = i;
                break;
            }
        }
        if (last >= 0) {
            MemoryViews.zero(buffer, offset, last + 8 - offset);
            LOG.info("{}: cut {} bytes of a torn record at offset {} (sequence {} was never committed)",
                    files.log(direction, fileIndex), last + 8 - offset, offset, sequence);
        }
    }

    /** Wakes a reader that sleeps on the doorbell after each record. */
    void ringReader(boolean ring) {
        this.ringReader = ring;
    }

    /**
     * Appends the bytes between {@code src}'s position and limit as one record (the position is left alone).
     *
     * @return {@link #APPENDED}, or {@link #READER_BEHIND} if a new file is due but the reader is more than the
     *         backlog behind
     */
    int append(ByteBuffer src) {
        return append(EMPTY, src);
    }

    /**
     * Appends {@code head} followed by {@code tail} (each between position and limit) as one record, without joining
     * them first; the positions are left alone.
     *
     * @return {@link #APPENDED}, or {@link #READER_BEHIND} as {@link #append(ByteBuffer)}
     */
    int append(ByteBuffer head, ByteBuffer tail) {
        int headLength = head.remaining();
        int length = headLength + tail.remaining();
        int stride = stride(length);
        if (offset + stride > end) {
            if (!readerCaughtUp()) {
                return READER_BEHIND;
            }
            roll(length);
        }
        int at = offset;
        buffer.putLong(at + SEQUENCE_OFFSET, sequence);
        buffer.put(at + RECORD_HEADER_LENGTH, head, head.position(), headLength);
        buffer.put(at + RECORD_HEADER_LENGTH + headLength, tail, tail.position(), length - headLength);
        buffer.putInt(at + CHECKSUM_OFFSET, records.checksum(at, RECORD_HEADER_LENGTH + length));
        MemoryViews.INT.setRelease(buffer, at + LENGTH_OFFSET, RECORD_HEADER_LENGTH + length);
        offset = at + stride;
        sequence++;
        switch (params.durability()) {
            case MESSAGE -> segment.flush(at, stride);
            case BATCH -> {
                if (++unflushedCount >= params.batch()) {
                    flushPending();
                }
            }
            default -> { }
        }
        if (ringReader) {
            dataDoorbell.ring();
        }
        return APPENDED;
    }

    /** True if the writer may start another file: the reader is at most the backlog behind. */
    boolean readerCaughtUp() {
        long behind = fileIndex + 1 - control.readerFile(direction);
        return behind * params.rollSize() <= params.backlog();
    }

    private void roll(int payload) {
        long next = fileIndex + 1;
        Segment created = create(next, sequence, Math.max(params.rollSize(), sizeFor(payload)));
        MemoryViews.INT.setRelease(buffer, offset, ROLL);
        if (params.durability() != Durability.NONE) {
            offset += TRAILER_LENGTH;
            flushPending();
        }
        segment.closeWithoutFlush();
        switchTo(created, next);
        control.writerFile(direction, next);
        if (ringReader) {
            dataDoorbell.ring();
        }
    }

    private Segment create(long index, long firstSequence, long size) {
        SegmentSpec spec = SegmentSpec.persistentFile(files.log(direction, index), OpenMode.CREATE_NEW,
                size - SegmentHeaderDescriptor.HEADER_LENGTH);
        return Segment.open(spec, s -> {
            ByteBuffer b = s.data().buffer();
            LAYOUT.writeVersion(b, MAGIC_OFFSET);
            b.putInt(DIRECTION_OFFSET, direction);
            b.putInt(INDEX_OFFSET, (int) index);
            b.putLong(FIRST_SEQUENCE_OFFSET, firstSequence);
            b.putLong(CREATED_OFFSET, System.currentTimeMillis());
            LAYOUT.publish(b, MAGIC_OFFSET);
        });
    }

    private Segment openFile(long index) {
        return Segment.open(SegmentSpec.persistentFile(files.log(direction, index), OpenMode.OPEN_EXISTING, 0));
    }

    private void switchTo(Segment file, long index) {
        segment = file;
        buffer = file.data().buffer();
        fileIndex = index;
        offset = RECORDS_OFFSET;
        end = (int) file.size() - TRAILER_LENGTH;
        unflushedFrom = RECORDS_OFFSET;
        unflushedCount = 0;
        records.map(file);
    }

    private void flushPending() {
        if (offset > unflushedFrom) {
            segment.flush(unflushedFrom, offset - unflushedFrom);
        }
        unflushedFrom = offset;
        unflushedCount = 0;
    }

    /** The mapping of the file being written, for tests that put bad records in it. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Where the next record goes in {@link #buffer()}. */
    int tailOffset() {
        return offset;
    }

    /** The sequence number the next record gets. */
    long nextSequence() {
        return sequence;
    }

    /** Tells the control file how far this writer got, for the reader's end-of-conversation check. */
    void publish() {
        control.writerSequence(direction, sequence);
    }

    @Override
    public void close() {
        if (segment != null) {
            if (params.durability() != Durability.NONE) {
                flushPending();
            }
            segment.closeWithoutFlush();
            segment = null;
        }
    }
}
