package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.LayoutHeader;

/**
 * The layout of the header every segment starts with: {@value #HEADER_LENGTH} bytes, little-endian, each field
 * naturally aligned. What follows the header (from offset {@value #HEADER_LENGTH}) is the segment's data.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic "PATCHBAY" (u64)                        |  0
 *  +-------------------------------+-------------------------------+
 *  |   major (u16) |  minor (u16)  |      header length (u32)      |  8
 *  +-------------------------------+-------------------------------+
 *  |                 total size in bytes (u64)                     | 16
 *  +---------------------------------------------------------------+
 *  |                 owner pid (i64)                               | 24
 *  +---------------------------------------------------------------+
 *  |                 owner start time, clock ticks after boot (i64)| 32
 *  +---------------------------------------------------------------+
 *  |                 created, ms since the epoch (i64)             | 40
 *  +-------------------------------+-------------------------------+
 *  |          kind (u32)           |          flags (u32)          | 48
 *  +-------------------------------+-------------------------------+
 *  |                 heartbeat, ms since the epoch (i64)           | 56
 *  +---------------------------------------------------------------+
 *  |                 name: ASCII, NUL-padded (64 bytes)           ...| 64
 *  +---------------------------------------------------------------+
 *  |                 data                                         ...| 128
 * </pre>
 *
 * <p>The creator writes every field, then stores {@link #MAGIC_CREATING} while it initialises the data, then
 * publishes the segment by storing {@link #MAGIC} with release semantics. An opener loads the magic with acquire
 * semantics and uses the segment only once it reads {@link #MAGIC}.
 */
public final class SegmentHeaderDescriptor {
    /** "PATCHBAY" in ASCII, read as a little-endian u64. */
    public static final long MAGIC = 0x5941_4248_4354_4150L;
    /** "PATCHINI" in ASCII: the creator is still initialising the segment. */
    public static final long MAGIC_CREATING = 0x494E_4948_4354_4150L;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /**
     * Magic and version, checked by every opener. The magic is 64 bits wide: only
     * {@link LayoutHeader#check(String, long, int, int)} applies, not the methods for the common 32-bit header.
     */
    public static final LayoutHeader LAYOUT = new LayoutHeader("segment header", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 8;
    public static final int VERSION_MINOR_OFFSET = 10;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int TOTAL_SIZE_OFFSET = 16;
    public static final int OWNER_PID_OFFSET = 24;
    public static final int OWNER_START_TIME_OFFSET = 32;
    public static final int CREATED_OFFSET = 40;
    public static final int KIND_OFFSET = 48;
    public static final int FLAGS_OFFSET = 52;
    public static final int HEARTBEAT_OFFSET = 56;
    public static final int NAME_OFFSET = 64;
    public static final int NAME_LENGTH = 64;

    /** Bytes of header; data starts here, on a 128-byte boundary. */
    public static final int HEADER_LENGTH = 128;

    /** Flag: the owner keeps the segment when it closes, and the janitor never collects it. */
    public static final int FLAG_PERSISTENT = 1;

    /** The largest total size: a mapping is addressed with int indices, rounded down to whole pages. */
    public static final long MAX_TOTAL_SIZE = (Integer.MAX_VALUE + 1L) - Pages.SIZE;

    private SegmentHeaderDescriptor() {
    }
}
