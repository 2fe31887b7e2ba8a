package dev.patchbay.sharedmem.ring;

/**
 * What a new ring buffer is like.
 *
 * @param capacity      bytes of record space, a power of two (see {@link RingBufferDescriptor#checkCapacity})
 * @param manyProducers whether several producers (threads or processes) offer at once
 * @param doorbells     whether producers and consumer ring doorbells after each change, so that the other side
 *                      may wait with {@link dev.patchbay.sharedmem.sync.FutexWait} (a fence per offer and poll)
 */
public record RingSpec(int capacity, boolean manyProducers, boolean doorbells) {
    public RingSpec {
        RingBufferDescriptor.checkCapacity(capacity);
    }

    /** One producer, one consumer, no doorbells. */
    public static RingSpec oneToOne(int capacity) {
        return new RingSpec(capacity, false, false);
    }

    /** Many producers, one consumer, no doorbells. */
    public static RingSpec manyToOne(int capacity) {
        return new RingSpec(capacity, true, false);
    }

    /** The same with doorbells, for futex waiting. */
    public RingSpec withDoorbells() {
        return new RingSpec(capacity, manyProducers, true);
    }

    /** The bytes of region this ring needs. */
    public int requiredLength() {
        return RingBufferDescriptor.requiredLength(capacity);
    }
}
