package dev.patchbay.kit.link;

import java.util.concurrent.locks.LockSupport;

/**
 * How a side that waits for its peer to arrive (an acceptor for a connector, a connector for a listener) sleeps
 * between looks, when the meeting gives nothing to block on. A migration's peer arrives within milliseconds, and a
 * patch opens hundreds of links one after the other, so the first {@link #EAGER_NANOS} look often (at most
 * {@link #EAGER_PARK_NANOS} apart); a person starting the other side by hand takes seconds, so after that the sleeps
 * grow to {@link #LONGEST_PARK_NANOS}, which keeps a long wait nearly free.
 */
public final class MeetingWait {
    static final long FIRST_PARK_NANOS = 50_000;
    static final long EAGER_PARK_NANOS = 1_000_000;
    static final long EAGER_NANOS = 200_000_000;
    static final long LONGEST_PARK_NANOS = 20_000_000;

    private final long start = System.nanoTime();
    private long park = FIRST_PARK_NANOS;

    /** Sleeps until the next look, never past {@code leftNanos}; an interrupt ends the sleep early. */
    public void park(long leftNanos) {
        LockSupport.parkNanos(Math.min(leftNanos, park));
        long ceiling = System.nanoTime() - start < EAGER_NANOS ? EAGER_PARK_NANOS : LONGEST_PARK_NANOS;
        park = Math.min(park * 2, ceiling);
    }
}
