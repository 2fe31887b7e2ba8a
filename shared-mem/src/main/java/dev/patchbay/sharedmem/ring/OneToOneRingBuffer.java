package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.segment.Region;

/**
 * A ring buffer with one producer: the tail is advanced with a release store, no compare-and-set. Only one thread
 * of one process may offer; use {@link ManyToOneRingBuffer} otherwise.
 */
public final class OneToOneRingBuffer extends RingBuffer {

    OneToOneRingBuffer(Region region, int capacity, boolean doorbells) {
        super(region, capacity, doorbells);
    }

    @Override
    public int tryClaim(int type, int length) {
        int stride = checkMessage(type, length);
        long tail = (long) MemoryViews.LONG.getOpaque(buffer, tailIndex);
        checkAligned("tail", tail);
        int padding = paddingAt(tail, stride);
        if (!fits(tail, padding + stride)) {
            return INSUFFICIENT_CAPACITY;
        }
        MemoryViews.LONG.setRelease(buffer, tailIndex, tail + padding + stride);
        return claimAt(tail, padding, type, RecordDescriptor.HEADER_LENGTH + length);
    }

    @Override
    public boolean isManyProducer() {
        return false;
    }
}
