package dev.patchbay.transport.mmap;

import dev.patchbay.sharedmem.LayoutHeader;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;

/**
 * The layout of one log file, {@code <name>.<a2b|b2a>.<index>.log} in the data folder: the 128-byte segment header
 * every mapped file has, a 64-byte log header, then records, each starting on a multiple of 8. Offsets are from the
 * start of the file; everything is little-endian.
 *
 * <pre>
 *  offset  field
 *  ------  -------------------------------------------------------------------
 *       0  segment header (magic "PATCHBAY", owner, name, flags PERSISTENT, ...)
 *     128  magic "PBLG" (u32), stored last when the file is made
 *     132  layout major (u16), 134: layout minor (u16)
 *     136  direction (u32): 0 = listener to connector (a2b), 1 = b2a
 *     140  file index (u32): 1, 2, 3, ... per direction
 *     144  sequence number of the first record in this file (u64)
 *     152  created, ms since the epoch (i64)
 *  160-191 reserved, zero
 *     192  records ...
 *  size-8  8 bytes kept free, so that a roll marker always fits
 *
 *  record:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  length (i32): 16 + payload; 0 = nothing yet; -1 = roll marker |  0  release-stored last: the commit
 *  +---------------------------------------------------------------+
 *  |  CRC-32C (u32) of bytes 8 .. length: sequence and payload      |  4
 *  +---------------------------------------------------------------+
 *  |  sequence number (u64), 0, 1, 2, ... per direction             |  8
 *  |                                                                |
 *  +---------------------------------------------------------------+
 *  |  payload                                                     ...  16
 *  +---------------------------------------------------------------+
 *   then zero bytes up to the next multiple of 8
 * </pre>
 *
 * <p>A record is committed when its length is stored, which happens after everything else of it is written; a
 * reader acquire-loads the length and reads nothing behind a zero. A roll marker ({@link #ROLL}) says the records
 * go on in the file with the next index, which exists before the marker is written.
 */
public final class LogFileDescriptor {
    /** "PBLG" in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x474C_4250;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /** Magic and version, checked by every reader of a log file. */
    public static final LayoutHeader LAYOUT = LayoutHeader.of("mmap log file", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int HEADER_OFFSET = SegmentHeaderDescriptor.HEADER_LENGTH;
    public static final int MAGIC_OFFSET = HEADER_OFFSET;
    public static final int VERSION_MAJOR_OFFSET = HEADER_OFFSET + 4;
    public static final int VERSION_MINOR_OFFSET = HEADER_OFFSET + 6;
    public static final int DIRECTION_OFFSET = HEADER_OFFSET + 8;
    public static final int INDEX_OFFSET = HEADER_OFFSET + 12;
    public static final int FIRST_SEQUENCE_OFFSET = HEADER_OFFSET + 16;
    public static final int CREATED_OFFSET = HEADER_OFFSET + 24;
    public static final int LOG_HEADER_LENGTH = 64;
    /** Where the first record starts. */
    public static final int RECORDS_OFFSET = HEADER_OFFSET + LOG_HEADER_LENGTH;
    /** Bytes at the end of a file that records never use: room for the roll marker. */
    public static final int TRAILER_LENGTH = 8;

    public static final int LENGTH_OFFSET = 0;
    public static final int CHECKSUM_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int ALIGNMENT = 8;
    /** The length of a roll marker. */
    public static final int ROLL = -1;

    private LogFileDescriptor() {
    }

    /** The bytes a record with {@code payload} bytes takes, header and padding included. */
    public static int stride(int payload) {
        return (RECORD_HEADER_LENGTH + payload + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** The file size a file must have to hold one record of {@code payload} bytes at least. */
    public static long sizeFor(int payload) {
        return (long) RECORDS_OFFSET + stride(payload) + TRAILER_LENGTH;
    }
}
