package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.posix.Futex;
import dev.patchbay.sharedmem.segment.Region;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Two 32-bit words in shared memory through which one side tells sleepers on the other that something changed:
 * a {@code sequence} (the futex word) and a count of {@code waiters}.
 *
 * <pre>
 *  +--------------------+--------------------+
 *  | sequence (u32)     | waiters (u32)      |
 *  +--------------------+--------------------+
 *  0                    4                    8
 * </pre>
 *
 * <p>A waiter reads the sequence, increments {@code waiters}, checks its condition once more and sleeps in
 * {@code FUTEX_WAIT(&sequence, seen)}, then decrements {@code waiters}. A signaller changes the state, issues a
 * full fence, and only if {@code waiters != 0} increments the sequence and calls {@code FUTEX_WAKE}: with nobody
 * asleep, ringing costs a fence and a load, no system call. The two full fences (the increment on one side, the
 * fence on the other) make sure either the waiter sees the new state or the signaller sees the waiter.
 */
public final class Doorbell {
    /** Bytes a doorbell takes; it must be 4-byte aligned. */
    public static final int LENGTH = 8;
    public static final int SEQUENCE_OFFSET = 0;
    public static final int WAITERS_OFFSET = 4;

    private final ByteBuffer buffer;
    private final int sequenceIndex;
    private final int waitersIndex;
    private final long sequenceAddress;

    private Doorbell(Region region) {
        this.buffer = region.buffer();
        this.sequenceIndex = region.offset() + SEQUENCE_OFFSET;
        this.waitersIndex = region.offset() + WAITERS_OFFSET;
        this.sequenceAddress = region.address() + SEQUENCE_OFFSET;
    }

    /** The doorbell in the first {@value #LENGTH} bytes of {@code region}. */
    public static Doorbell at(Region region) {
        region.require("doorbell", 4, LENGTH);
        return new Doorbell(region);
    }

    /** Wakes every thread sleeping on this doorbell, if there is one; cheap when nobody sleeps. */
    public void ring() {
        VarHandle.fullFence();
        if ((int) MemoryViews.INT.getVolatile(buffer, waitersIndex) != 0) {
            MemoryViews.INT.getAndAdd(buffer, sequenceIndex, 1);
            Futex.futexWake(sequenceAddress, Integer.MAX_VALUE);
        }
    }

    int sequence() {
        return (int) MemoryViews.INT.getVolatile(buffer, sequenceIndex);
    }

    void addWaiter() {
        MemoryViews.INT.getAndAdd(buffer, waitersIndex, 1);
    }

    void removeWaiter() {
        MemoryViews.INT.getAndAdd(buffer, waitersIndex, -1);
    }

    /** Sleeps while the sequence is still {@code seen}, for at most the relative timespec at {@code timeout}. */
    int sleep(int seen, long timeout) {
        return Futex.futexWait(sequenceAddress, seen, timeout);
    }

    /** The address of the sequence word, the futex a waiter sleeps on. */
    public long sequenceAddress() {
        return sequenceAddress;
    }

    /**
     * Registers a waiter that sleeps elsewhere (in {@code futex_waitv} beside other words, say) and returns the
     * sequence to sleep on; the caller checks its condition once more before sleeping, as {@link FutexWait} does.
     */
    public int arm() {
        int seen = sequence();
        addWaiter();
        return seen;
    }

    /** The sequence now, for a waiter that stays registered after a wake-up. */
    public int value() {
        return sequence();
    }

    /** Withdraws a registration {@link #arm} made. */
    public void disarm() {
        removeWaiter();
    }

    /** The number of threads (of all processes) asleep or about to sleep on this doorbell. */
    public int waiters() {
        return (int) MemoryViews.INT.getVolatile(buffer, waitersIndex);
    }
}
