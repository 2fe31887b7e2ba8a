package dev.patchbay.transport.mmap;

import dev.patchbay.sharedmem.segment.Segment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static dev.patchbay.transport.mmap.LogFileDescriptor.CHECKSUM_OFFSET;
import static dev.patchbay.transport.mmap.LogFileDescriptor.RECORD_HEADER_LENGTH;
import static dev.patchbay.transport.mmap.LogFileDescriptor.SEQUENCE_OFFSET;

/** The check a record must pass before anyone trusts it: the writer's recovery and the reader both use it. */
final class LogRecords {
    private final CRC32C crc = new CRC32C();
    private ByteBuffer fields;
    private ByteBuffer view;

    /** Points the checks at another file's mapping. */
    void map(Segment segment) {
        fields = segment.data().buffer();
        view = fields.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks the committed record at {@code at} whose length field says {@code length}.
     *
     * @param end        where records must end in this file
     * @param sequence   the sequence number it must carry
     * @param maxPayload the largest payload accepted
     * @return null if it is sound, else what is wrong with it, with the numbers
     */
    String check(int at, int length, int end, long sequence, int maxPayload) {
        if (length < RECORD_HEADER_LENGTH || length > end - at || length - RECORD_HEADER_LENGTH > maxPayload) {
            long limit = Math.min((long) end - at, (long) RECORD_HEADER_LENGTH + maxPayload);
            return "record at offset " + at + " claims length " + Integer.toUnsignedLong(length) + ", which "
                    + (length >= 0 && length < RECORD_HEADER_LENGTH ? "is shorter than a record header"
                    : "exceeds the limit of " + limit + " bytes");
        }
        long found = fields.getLong(at + SEQUENCE_OFFSET);
        if (found != sequence) {
            return "record at offset " + at + " has sequence number " + found + " where " + sequence + " was due";
        }
        int stated = fields.getInt(at + CHECKSUM_OFFSET);
        int actual = checksum(at, length);
        if (stated != actual) {
            return String.format("record %d at offset %d fails its checksum: it says 0x%08x, its bytes give 0x%08x",
                    sequence, at, stated, actual);
        }
        return null;
    }

    /** The CRC-32C of a record's sequence number and payload. */
    int checksum(int at, int length) {
        view.limit(at + length).position(at + SEQUENCE_OFFSET);
        crc.reset();
        crc.update(view);
        return (int) crc.getValue();
    }
}
