package dev.patchbay.bench.harness.baseline;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The memory of an Agrona ring-buffer pair in one file (under {@code /dev/shm}): a {@code OneToOneRingBuffer} each
 * way, and a word that a side sets when it closes. The listener creates the file; both sides map all of it.
 *
 * <pre>
 *   0                        SEGMENT                  2 * SEGMENT      + 64
 *   +------------------------+------------------------+----------------+
 *   | ring: connector to     | ring: listener to      | closed: long,  |
 *   | listener (CAPACITY +   | connector (CAPACITY +  | 0 while both   |
 *   | Agrona's trailer)      | Agrona's trailer)      | sides are open |
 *   +------------------------+------------------------+----------------+
 * </pre>
 */
final class AgronaRingLayout {
    /** Bytes of records per ring: a power of two, and 8 times the largest message (64 KiB) Agrona then allows. */
    static final int CAPACITY = 1 << 20;
    static final int SEGMENT = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
    static final int TO_LISTENER_OFFSET = 0;
    static final int TO_CONNECTOR_OFFSET = SEGMENT;
    static final int CLOSED_OFFSET = 2 * SEGMENT;
    /** The closed word gets a cache line of its own. */
    static final int FILE_LENGTH = CLOSED_OFFSET + 64;

    private AgronaRingLayout() {
    }
}
