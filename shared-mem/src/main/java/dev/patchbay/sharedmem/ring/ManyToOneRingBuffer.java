package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;

/**
 * A ring buffer any number of producers (threads and processes) offer to at once: each claims its space with a
 * compare-and-set on the tail, then writes and commits its record independently. The consumer reads records in
 * claim order and stops at the first one not yet committed.
 *
 * <p>A producer that dies between claim and commit blocks the consumer at its record for good; the ring must then
 * be made anew.
 */
public final class ManyToOneRingBuffer extends RingBuffer {

    ManyToOneRingBuffer(Region region, int capacity, boolean doorbells) {
        super(region, capacity, doorbells);
    }

    @Override
    public int tryClaim(int type, int length) {
        int stride = checkMessage(type, length);
        long tail;
        int padding;
        do {
            tail = (long) MemoryViews.LONG.getVolatile(buffer, tailIndex);
            checkAligned("tail", tail);
            padding = paddingAt(tail, stride);
            if (!fits(tail, padding + stride)) {
                return INSUFFICIENT_CAPACITY;
            }
        } while (!MemoryViews.LONG.compareAndSet(buffer, tailIndex, tail, tail + padding + stride));
        return claimAt(tail, padding, type, RecordDescriptor.HEADER_LENGTH + length);
    }

    @Override
    public boolean isManyProducer() {
        return true;
    }
}
