package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.SharedMemException;

import java.nio.ByteBuffer;
import java.util.Set;

import static dev.patchbay.sharedmem.managed.ManagedDescriptor.*;

/**
 * First-fit allocation over the heap of a managed area: a free list sorted by offset, blocks split when the rest is
 * worth keeping and merged with free neighbours when freed. The caller holds the area's mutex. Offsets count from
 * the area's start; 0 ends the free list (no block lies at 0: the header does).
 */
final class Heap {
    private static final int MIN_SPLIT = 2 * BLOCK_HEADER_LENGTH;

    private final ByteBuffer b;
    private final int base;

    Heap(ByteBuffer buffer, int areaIndex) {
        this.b = buffer;
        this.base = areaIndex;
    }

    /** Makes the heap one free block. */
    static void format(ByteBuffer b, int base, long heapOffset, long heapLength) {
        Heap heap = new Heap(b, base);
        heap.writeBlock(heapOffset, heapLength, 0, BLOCK_FREE);
        b.putLong(base + HEAP_OFFSET_OFFSET, heapOffset);
        b.putLong(base + HEAP_LENGTH_OFFSET, heapLength);
        b.putLong(base + FREE_LIST_OFFSET, heapOffset);
    }

    /**
     * Takes a block for {@code payload} bytes.
     *
     * @return the payload's offset (64-aligned), or -1 if no free block is large enough
     */
    long allocate(long payload) {
        long need = MemoryViews.align(payload, BLOCK_ALIGNMENT) + BLOCK_HEADER_LENGTH;
        long previous = 0;
        for (long block = freeHead(); block != 0; previous = block, block = next(block)) {
            long size = size(block);
            if (size < need) {
                continue;
            }
            if (size - need >= MIN_SPLIT) {
                long rest = block + need;
                // The rest's header first: until the size below shrinks it is inside this block, unseen.
                writeBlock(rest, size - need, next(block), BLOCK_FREE);
                b.putLong(at(block) + BLOCK_SIZE_OFFSET, need);
                link(previous, rest);
            } else {
                link(previous, next(block));
            }
            b.putInt(at(block) + BLOCK_STATE_OFFSET, BLOCK_USED);
            return block + BLOCK_HEADER_LENGTH;
        }
        return -1;
    }

    /** Returns the block of the payload at {@code payloadOffset} to the free list, merging with free neighbours. */
    void free(long payloadOffset) {
        long block = payloadOffset - BLOCK_HEADER_LENGTH;
        if (b.getInt(at(block) + BLOCK_STATE_OFFSET) != BLOCK_USED) {
            throw new SharedMemException("managed heap: block at offset " + block + " is not in use");
        }
        long previous = 0;
        long next = freeHead();
        while (next != 0 && next < block) {
            previous = next;
            next = next(next);
        }
        b.putInt(at(block) + BLOCK_STATE_OFFSET, BLOCK_FREE);
        b.putLong(at(block) + BLOCK_NEXT_OFFSET, next);
        link(previous, block);
        if (next != 0 && block + size(block) == next) {
            b.putLong(at(block) + BLOCK_SIZE_OFFSET, size(block) + size(next));
            b.putLong(at(block) + BLOCK_NEXT_OFFSET, next(next));
        }
        if (previous != 0 && previous + size(previous) == block) {
            b.putLong(at(previous) + BLOCK_SIZE_OFFSET, size(previous) + size(block));
            b.putLong(at(previous) + BLOCK_NEXT_OFFSET, next(block));
        }
    }

    /**
     * Rebuilds states and the free list from the heap itself after a holder of the mutex died mid-change: a block
     * is in use exactly when a live directory entry points at its payload.
     */
    void rebuild(Set<Long> livePayloads) {
        long offset = heapOffset();
        long end = offset + heapLength();
        long lastFree = 0;
        b.putLong(base + FREE_LIST_OFFSET, 0);
        while (offset < end) {
            long size = size(offset);
            if (size < BLOCK_HEADER_LENGTH || size % BLOCK_ALIGNMENT != 0 || offset + size > end) {
                throw new SharedMemException("managed heap is damaged at offset " + offset + ": block size " + size);
            }
            if (livePayloads.contains(offset + BLOCK_HEADER_LENGTH)) {
                b.putInt(at(offset) + BLOCK_STATE_OFFSET, BLOCK_USED);
            } else if (lastFree != 0 && lastFree + size(lastFree) == offset) {
                b.putLong(at(lastFree) + BLOCK_SIZE_OFFSET, size(lastFree) + size);
            } else {
                writeBlock(offset, size, 0, BLOCK_FREE);
                link(lastFree, offset);
                lastFree = offset;
            }
            offset += size;
        }
    }

    /** Bytes in free blocks, headers included. */
    long freeBytes() {
        long total = 0;
        for (long block = freeHead(); block != 0; block = next(block)) {
            total += size(block);
        }
        return total;
    }

    long heapOffset() {
        return b.getLong(base + HEAP_OFFSET_OFFSET);
    }

    long heapLength() {
        return b.getLong(base + HEAP_LENGTH_OFFSET);
    }

    private long freeHead() {
        return b.getLong(base + FREE_LIST_OFFSET);
    }

    private long size(long block) {
        return b.getLong(at(block) + BLOCK_SIZE_OFFSET);
    }

    private long next(long block) {
        return b.getLong(at(block) + BLOCK_NEXT_OFFSET);
    }

    /** Points {@code previous}'s next (or the list head, for 0) at {@code block}. */
    private void link(long previous, long block) {
        b.putLong(previous == 0 ? base + FREE_LIST_OFFSET : at(previous) + BLOCK_NEXT_OFFSET, block);
    }

    private void writeBlock(long block, long size, long next, int state) {
        int i = at(block);
        MemoryViews.zero(b, i, BLOCK_HEADER_LENGTH);
        b.putLong(i + BLOCK_SIZE_OFFSET, size);
        b.putLong(i + BLOCK_NEXT_OFFSET, next);
        b.putInt(i + BLOCK_STATE_OFFSET, state);
    }

    private int at(long offset) {
        return base + Math.toIntExact(offset);
    }
}
