package dev.patchbay.sharedmem.ring;

/**
 * How a link carries messages as records of a ring buffer, one format for every ring-based backend (the shm link,
 * the nshm link, and a C peer of either; docs/PROTOCOL.md, "Message records"). A message of up to the ring's
 * largest record ({@code m = capacity / 8}) is one {@link #MESSAGE} record; a longer one is a {@link #FIRST} record
 * followed by {@link #MORE} records:
 *
 * <pre>
 *  MESSAGE (1)   | the message (0 .. m bytes)                                      |
 *  FIRST   (2)   | whole length (u32) | the message's first m - 4 bytes            |
 *  MORE    (3)   | the following bytes (1 .. m), until the whole length is reached |
 * </pre>
 *
 * <p>The first fragment announces the whole length so that a reader checks it against its limit and sizes its
 * buffer once, before any of the message is copied.
 */
public final class MessageRecords {
    /** Record type: a whole message. */
    public static final int MESSAGE = 1;
    /** Record type: the first fragment; its payload starts with the whole message's length (u32). */
    public static final int FIRST = 2;
    /** Record type: a following fragment. */
    public static final int MORE = 3;
    /** Bytes before the message bytes in a {@link #FIRST} record. */
    public static final int FIRST_HEADER_LENGTH = 4;

    private MessageRecords() {
    }

    /** How many records a message of {@code length} bytes takes on a ring whose largest record is {@code largest}. */
    public static int records(int length, int largest) {
        if (length <= largest) {
            return 1;
        }
        long rest = (long) length - (largest - FIRST_HEADER_LENGTH);
        return (int) (1 + (rest + largest - 1) / largest);
    }

    /**
     * The ring space a message of {@code length} bytes takes, each fragment counted as a record of the largest size;
     * padding at the ring's end, which no one can foresee for later records, is not counted.
     */
    public static long space(int length, int largest) {
        if (length <= largest) {
            return RecordDescriptor.stride(length);
        }
        return (long) records(length, largest) * RecordDescriptor.stride(largest);
    }
}
