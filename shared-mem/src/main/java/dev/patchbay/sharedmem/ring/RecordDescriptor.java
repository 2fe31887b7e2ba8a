package dev.patchbay.sharedmem.ring;

/**
 * The layout of one record in a ring buffer: an 8-byte header, then the payload, then zero padding to the next
 * multiple of {@value #ALIGNMENT}. Records start at multiples of {@value #ALIGNMENT} in the record area.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   length (i32)                                |  0
 *  +---------------------------------------------------------------+
 *  |                   type (i32)                                  |  4
 *  +---------------------------------------------------------------+
 *  |                   payload                                   ...  8
 *  ...                                                             |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code length} is header plus payload, before padding. 0: no record here yet; negative: claimed, still
 *   being written ({@code -length}); positive: committed, readable. It is stored last, with release semantics,
 *   and loaded with acquire semantics.
 *   <li>{@code type} is the application's message type, at least 1; {@link #PADDING_TYPE} marks a filler record
 *   the consumer skips.
 *   <li>A record never wraps: if it does not fit between the tail and the end of the record area, a padding record
 *   fills that rest and the record starts at index 0.
 * </ul>
 */
public final class RecordDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    /** Bytes of header before the payload. */
    public static final int HEADER_LENGTH = 8;
    /** Records start at multiples of this. */
    public static final int ALIGNMENT = 8;
    /** The type of a filler record: skipped by the consumer. */
    public static final int PADDING_TYPE = -1;

    private RecordDescriptor() {
    }

    /** The bytes a record with {@code payloadLength} takes in the ring, header and padding included. */
    public static int stride(int payloadLength) {
        return (HEADER_LENGTH + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Checks a message type.
     *
     * @throws IllegalArgumentException unless {@code type >= 1}
     */
    public static void checkType(int type) {
        if (type < 1) {
            throw new IllegalArgumentException("message type=" + type + " must be at least 1");
        }
    }
}
