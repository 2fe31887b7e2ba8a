package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.LayoutHeader;
import dev.patchbay.sharedmem.sync.Doorbell;

/**
 * The layout of a ring buffer in a region of shared memory: a descriptor of {@value #DESCRIPTOR_LENGTH} bytes,
 * then {@code capacity} bytes of records (a power of two). Every counter sits on its own 128-byte line, so the
 * producers' and the consumer's writes never share a cache line (nor an adjacent-line prefetch pair). The region
 * starts on a 64-byte boundary; all fields are little-endian.
 *
 * <pre>
 *  offset  field                                                     written by
 *  ------  --------------------------------------------------------  -------------------
 *       0  magic "PBRB" (u32)                                        creator
 *       4  layout major (u16), 6: layout minor (u16)                 creator
 *       8  capacity in bytes (u32, power of two)                     creator
 *      12  max message length in bytes (u32) = capacity / 8          creator
 *      16  flags (u32): bit 0 MANY_PRODUCERS, bit 1 DOORBELLS        creator
 *   20-127 reserved, zero
 *     128  tail: producer position (u64)                             producers
 *     136  producer heartbeat, ms since the epoch (u64)              producers
 *     256  head: consumer position (u64)                             consumer
 *     264  consumer heartbeat, ms since the epoch (u64)              consumer
 *     384  data doorbell: sequence (u32), waiters (u32)              producers ring it
 *     512  space doorbell: sequence (u32), waiters (u32)             consumer rings it
 *     640  records: capacity bytes                                   producers / consumer
 * </pre>
 *
 * <p>Positions count bytes since creation and never wrap (2^64); the index of a position in the record area is
 * {@code position & (capacity - 1)}. The creator writes everything else, then the magic with release semantics.
 *
 * @see RecordDescriptor
 */
public final class RingBufferDescriptor {
    /** "PBRB" in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x4252_4250;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    /** Magic and version, checked by every reader. */
    public static final LayoutHeader LAYOUT = LayoutHeader.of("ring buffer", MAGIC, VERSION_MAJOR, VERSION_MINOR);

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int CAPACITY_OFFSET = 8;
    public static final int MAX_MESSAGE_LENGTH_OFFSET = 12;
    public static final int FLAGS_OFFSET = 16;

    /** Padding between counters: two 64-byte cache lines. */
    public static final int LINE = 128;
    public static final int TAIL_OFFSET = LINE;
    public static final int PRODUCER_HEARTBEAT_OFFSET = TAIL_OFFSET + 8;
    public static final int HEAD_OFFSET = 2 * LINE;
    public static final int CONSUMER_HEARTBEAT_OFFSET = HEAD_OFFSET + 8;
    public static final int DATA_DOORBELL_OFFSET = 3 * LINE;
    public static final int SPACE_DOORBELL_OFFSET = 4 * LINE;
    /** Bytes before the records. */
    public static final int DESCRIPTOR_LENGTH = 5 * LINE;

    /** Flag: producers claim space with compare-and-set on the tail. */
    public static final int FLAG_MANY_PRODUCERS = 1;
    /** Flag: producers ring the data doorbell after each commit, the consumer the space doorbell after each poll. */
    public static final int FLAG_DOORBELLS = 2;

    /** Alignment of the region a ring buffer lives in. */
    public static final int REGION_ALIGNMENT = 64;
    /** The smallest capacity. */
    public static final int MIN_CAPACITY = 64;
    /** The largest capacity. */
    public static final int MAX_CAPACITY = 1 << 30;

    static {
        if (Doorbell.LENGTH > LINE) {
            throw new AssertionError("a doorbell must fit its line");
        }
    }

    private RingBufferDescriptor() {
    }

    /** The bytes a ring buffer of {@code capacity} needs: descriptor plus records. */
    public static int requiredLength(int capacity) {
        checkCapacity(capacity);
        return DESCRIPTOR_LENGTH + capacity;
    }

    /** The largest message a ring buffer of {@code capacity} takes. */
    public static int maxMessageLength(int capacity) {
        return capacity / 8;
    }

    /**
     * Checks that {@code capacity} is a power of two between {@value #MIN_CAPACITY} and 2^30.
     *
     * @throws IllegalArgumentException with the numbers
     */
    public static void checkCapacity(int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring buffer capacity=" + capacity + " must be a power of two between "
                    + MIN_CAPACITY + " and " + MAX_CAPACITY);
        }
    }
}
