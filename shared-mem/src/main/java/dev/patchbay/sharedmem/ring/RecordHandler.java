package dev.patchbay.sharedmem.ring;

import java.nio.ByteBuffer;

/** Receives the records {@link RingBuffer#poll} reads, in order. */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Called for one record. {@code buffer} is the ring's own memory: read the payload at
     * {@code [index, index + length)} with absolute gets, and copy what must outlive the call: the space is
     * reused as soon as the call returns. Change nothing in the buffer, not even its position.
     *
     * @param type   the message type (at least 1)
     * @param buffer the shared memory, little-endian
     * @param index  where the payload starts
     * @param length payload bytes
     */
    void onRecord(int type, ByteBuffer buffer, int index, int length);
}
