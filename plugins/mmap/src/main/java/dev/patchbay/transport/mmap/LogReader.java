package dev.patchbay.transport.mmap;

import dev.patchbay.api.CorruptFrameException;
import dev.patchbay.api.MessageHandler;
import dev.patchbay.api.TransportIoException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.Doorbell;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;

import static dev.patchbay.transport.mmap.LogFileDescriptor.*;

/**
 * Reads the log of one direction from where this side's reader stopped (or from {@code from=}), checking each
 * record's length, sequence number and checksum before handing it out, and saves its position in the control file
 * after each record it handed out: a reader killed at any point resumes after the last record whose handler
 * returned. Deletes files it has read beyond the {@code retain=} count. One thread at a time.
 */
final class LogReader implements AutoCloseable {
    private final LogFiles files;
    private final int direction;
    private final MmapParams params;
    private final ControlFile control;
    private final int maxPayload;
    private final LogRecords records = new LogRecords();
    private final Doorbell spaceDoorbell;
    private boolean ringWriter;
    private Segment segment;
    private ByteBuffer buffer;
    private ByteBuffer view;
    private long fileIndex;
    private int offset;
    private int end;
    private long sequence;
    private String problem;

    private LogReader(LogFiles files, int direction, MmapParams params, ControlFile control, int maxPayload) {
        this.files = files;
        this.direction = direction;
        this.params = params;
        this.control = control;
        this.maxPayload = maxPayload;
        this.spaceDoorbell = control.spaceDoorbell(direction);
    }

    /**
     * Opens the log of {@code direction} at this side's saved position, or at {@code from=} if the address says so.
     *
     * @throws TransportIoException if that record is no longer kept, or lies past the end of the log
     */
    static LogReader open(LogFiles files, int direction, MmapParams params, ControlFile control, int maxPayload) {
        LogReader reader = new LogReader(files, direction, params, control, maxPayload);
        try {
            reader.locate(params.from() >= 0 ? params.from() : control.readerSequence(direction));
        } catch (SharedMemException e) {
            reader.close();
            throw new TransportIoException("cannot read " + files.log(direction, reader.fileIndex) + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            reader.close();
            throw e;
        }
        reader.save();
        return reader;
    }

    private void locate(long wanted) {
        if (params.from() < 0 && atHint(wanted)) {
            return;
        }
        List<Long> indices = files.indices(direction);
        long start = -1;
        long first = 0;
        for (long index : indices) {
            var header = files.header(direction, index);
            if (header.isEmpty() && (start < 0 || index <= control.writerFile(direction))) {
                // Only the writer's newest file may lack its header (it is being made); no other is "not kept".
                throw damagedHeader(index);
            }
            if (header.isPresent() && header.get().firstSequence() <= wanted) {
                start = index;
                first = header.get().firstSequence();
            }
        }
        if (start < 0) {
            throw new TransportIoException("record " + wanted + " of " + files.name() + "." + LogFiles.label(direction)
                    + " is no longer kept" + (indices.isEmpty() ? " (there are no log files)"
                    : " (the oldest file, " + files.log(direction, indices.get(0)) + ", starts later)")
                    + "; keep more with retain=<files> or retain=all");
        }
        switchTo(start);
        sequence = first;
        while (sequence < wanted) {
            int length = (int) MemoryViews.INT.getAcquire(buffer, offset);
            if (length == ROLL && nextFile()) {
                continue;
            }
            if (length == 0 || length == ROLL || records.check(offset, length, end, sequence, maxPayload) != null) {
                break;
            }
            offset += stride(length - RECORD_HEADER_LENGTH);
            sequence++;
        }
        if (sequence != wanted) {
            if (params.from() >= 0) {
                throw new TransportIoException("from=" + wanted + " is past the end of " + files.name() + "."
                        + LogFiles.label(direction) + ": the next record written will be " + sequence);
            }
            throw new CorruptFrameException(files.control() + " says the reader of " + LogFiles.label(direction)
                    + " is due record " + wanted + ", but " + files.name() + "." + LogFiles.label(direction)
                    + " ends before it, at record " + sequence + ": the control file is damaged, or a machine crash"
                    + " lost records not forced to disk; to read on from the log's end, connect with from="
                    + sequence);
        }
    }

    private CorruptFrameException damagedHeader(long index) {
        return new CorruptFrameException(files.path(files.log(direction, index)) + " is damaged: "
                + files.headerDamage(direction, index) + "; its records cannot be read (move it aside and read from"
                + " a later record with from=<seq>, or restore it)");
    }

    /** Uses the saved file and offset if they agree with the saved sequence number. */
    private boolean atHint(long wanted) {
        long file = control.readerFile(direction);
        long at = control.readerOffset(direction);
        if (file <= 0 || files.header(direction, file).isEmpty()) {
            return false;
        }
        switchTo(file);
        sequence = wanted;
        if (at < RECORDS_OFFSET || at > end || (at & (ALIGNMENT - 1)) != 0) {
            return false;
        }
        offset = (int) at;
        int length = (int) MemoryViews.INT.getAcquire(buffer, offset);
        // A reader killed while saving may leave the new file and offset beside the old sequence number: a roll
        // marker agrees only if the next file starts at the wanted record.
        if (length != ROLL && length != 0 && records.check(offset, length, end, wanted, maxPayload) != null) {
            long there = buffer.getLong(offset + SEQUENCE_OFFSET);
            if (there < wanted && records.check(offset, length, end, there, maxPayload) == null) {
                // The place is saved before the number, so a reader killed in between leaves the place ahead of
                // the number, never behind it: a number ahead of its place was not written by a reader.
                throw new CorruptFrameException(files.control() + " says the reader of " + LogFiles.label(direction)
                        + " is due record " + wanted + ", but the place saved with it (" + files.log(direction, file)
                        + ", offset " + offset + ") holds record " + there + ": the control file is damaged;"
                        + " connect with from=" + there + " to read on from there");
            }
        }
        return length == ROLL && files.header(direction, file + 1).map(h -> h.firstSequence() == wanted).orElse(false)
                || (length == 0 && control.writerSequence(direction) == wanted)
                || (length != 0 && records.check(offset, length, end, wanted, maxPayload) == null);
    }

    /** Rings the writer's doorbell when moving to the next file, for a writer that sleeps on it. */
    void ringWriter(boolean ring) {
        this.ringWriter = ring;
    }

    /** True if something is there to read (a record, a roll marker, or something broken). */
    boolean isReadable() {
        return (int) MemoryViews.INT.getAcquire(buffer, offset) != 0;
    }

    /**
     * Hands up to {@code limit} committed records to {@code handler}, in order. Stops in front of a record that
     * fails its checks and says why in {@link #problem()}.
     *
     * @return how many records were handed out
     */
    int poll(MessageHandler handler, int limit) {
        int handled = 0;
        try {
            while (handled < limit) {
                int length = (int) MemoryViews.INT.getAcquire(buffer, offset);
                if (length == 0) {
                    break;
                }
                if (length == ROLL) {
                    if (!nextFile()) {
                        break;
                    }
                    continue;
                }
                problem = records.check(offset, length, end, sequence, maxPayload);
                if (problem != null) {
                    problem = files.log(direction, fileIndex) + ", where record " + sequence + " is due: " + problem;
                    break;
                }
                view.limit(offset + length).position(offset + RECORD_HEADER_LENGTH);
                offset += stride(length - RECORD_HEADER_LENGTH);
                sequence++;
                handled++;
                try {
                    handler.onMessage(view.order(ByteOrder.LITTLE_ENDIAN));
                } finally {
                    save();
                    if (params.durability() == Durability.MESSAGE) {
                        control.flushReader(direction);
                    }
                }
            }
        } finally {
            if (handled > 0 && params.durability() == Durability.BATCH) {
                control.flushReader(direction);
            }
        }
        return handled;
    }

    /** Moves on after a roll marker; false (with a problem said) if the next file is missing or does not fit. */
    private boolean nextFile() {
        long next = fileIndex + 1;
        var header = files.header(direction, next);
        if (header.isEmpty() || header.get().firstSequence() != sequence) {
            String why = !Files.exists(files.path(files.log(direction, next))) ? "is missing"
                    : header.isEmpty() ? "is damaged: " + files.headerDamage(direction, next)
                    : "starts at record " + header.get().firstSequence() + " instead of " + sequence;
            problem = files.log(direction, fileIndex) + " rolls over to " + files.log(direction, next) + ", which "
                    + why;
            return false;
        }
        switchTo(next);
        save();
        if (ringWriter) {
            spaceDoorbell.ring();
        }
        if (params.retain() >= 0) {
            for (long index : files.indices(direction)) {
                if (index < next - params.retain()) {
                    files.delete(files.log(direction, index));
                }
            }
        }
        return true;
    }

    private void switchTo(long index) {
        Segment file;
        try {
            file = Segment.open(SegmentSpec.persistentFile(files.log(direction, index), OpenMode.OPEN_EXISTING, 0));
        } catch (ObjectNotFoundException e) {
            throw new TransportIoException(files.log(direction, index) + " disappeared while reading it", e);
        }
        if (segment != null) {
            segment.closeWithoutFlush();
        }
        segment = file;
        buffer = file.data().buffer();
        view = buffer.asReadOnlyBuffer();
        fileIndex = index;
        offset = RECORDS_OFFSET;
        end = (int) file.size() - TRAILER_LENGTH;
        records.map(file);
    }

    private void save() {
        control.saveReader(direction, sequence, fileIndex, offset);
    }

    /**
     * True if reading stopped where its writer stopped: at or past the last record the writer said it committed,
     * in its newest file. Only there can a record that fails its checks be the torn end of a dead writer's log.
     */
    boolean atWriterEnd() {
        return sequence >= control.writerSequence(direction) && fileIndex >= control.writerFile(direction);
    }

    /** Why reading stopped in front of a record, or null. */
    String problem() {
        return problem;
    }

    /** The sequence number of the next record to hand out. */
    long nextSequence() {
        return sequence;
    }

    @Override
    public void close() {
        if (segment != null) {
            segment.closeWithoutFlush();
            segment = null;
        }
    }
}
