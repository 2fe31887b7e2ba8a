package dev.patchbay.transport.mmap;

import dev.patchbay.sharedmem.LayoutHeader;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.sync.PeerSlot;

/**
 * The layout of a link's control file, {@code <name>.ctl} in the data folder: who the two sides are, where each
 * reader has got to, and the doorbells of the futex wait. Offsets are from the start of the file (the first 128
 * bytes are the segment header); everything is little-endian.
 *
 * <pre>
 *  offset  field                                                      written by
 *  ------  ---------------------------------------------------------  --------------------------
 *       0  segment header (PERSISTENT)                                 creator (the first listener)
 *     128  magic "PBMC" (u32), stored last when the file is made       creator
 *     132  layout major (u16), 134: layout minor (u16)                 creator
 *  136-191 reserved, zero
 *     192  slot A: the listener (64 bytes, see PeerSlot)                listener
 *     256  slot B: the connector (64 bytes)                            connector
 *     320  direction a2b (listener to connector), 256 bytes:
 *            +0   data doorbell (8): the writer rings it after a record, if the reader sleeps on it
 *            +8   space doorbell (8): the reader rings it when it moves to the next file
 *            +64  reader: next sequence number to read (u64)           reader, after each record
 *            +72  reader: index of the file it reads (u64), a hint      reader
 *            +80  reader: offset of the next record there (u64), a hint reader
 *            +128 writer: next sequence number to write (u64)          writer, at open and close
 *            +136 writer: index of the file it writes (u64)             writer, at open and each roll
 *     576  direction b2a, the same 256 bytes
 *     832  end
 * </pre>
 *
 * <p>The reader's sequence number is the truth; the file index and offset only spare a search from the start when
 * they agree with it (they are written just before it, and a reader killed between the stores leaves them ahead).
 */
public final class ControlFileDescriptor {
    /** "PBMC" in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x434D_4250;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /** Magic and version, checked by every side that opens the file. */
    public static final LayoutHeader LAYOUT = LayoutHeader.of("mmap control file", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int MAGIC_OFFSET = SegmentHeaderDescriptor.HEADER_LENGTH;
    public static final int VERSION_MAJOR_OFFSET = MAGIC_OFFSET + 4;
    public static final int VERSION_MINOR_OFFSET = MAGIC_OFFSET + 6;
    public static final int LISTENER_SLOT_OFFSET = 192;
    public static final int CONNECTOR_SLOT_OFFSET = LISTENER_SLOT_OFFSET + PeerSlot.LENGTH;
    public static final int DIRECTIONS_OFFSET = CONNECTOR_SLOT_OFFSET + PeerSlot.LENGTH;
    public static final int DIRECTION_LENGTH = 256;

    public static final int DATA_DOORBELL = 0;
    public static final int SPACE_DOORBELL = 8;
    public static final int READER_SEQUENCE = 64;
    public static final int READER_FILE = 72;
    public static final int READER_OFFSET = 80;
    public static final int WRITER_SEQUENCE = 128;
    public static final int WRITER_FILE = 136;

    /** Bytes of the file, header included. */
    public static final int LENGTH = DIRECTIONS_OFFSET + 2 * DIRECTION_LENGTH;

    private ControlFileDescriptor() {
    }

    /** Where the block of {@code direction} (0 = a2b, 1 = b2a) starts. */
    public static int direction(int direction) {
        return DIRECTIONS_OFFSET + direction * DIRECTION_LENGTH;
    }
}
