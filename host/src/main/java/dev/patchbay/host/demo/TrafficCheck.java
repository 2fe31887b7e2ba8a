package dev.patchbay.host.demo;

import java.util.BitSet;

/**
 * Accounts for a stream of sequence numbers 0, 1, 2, ...: how many arrived, how many twice, how many after a later
 * one, and (against what was sent) how many never arrived. Thread-safe.
 */
public final class TrafficCheck {
    private final BitSet seen = new BitSet();
    private long received;
    private long duplicated;
    private long reordered;
    private long highest = -1;

    /** Records the arrival of {@code sequence}. */
    public synchronized void arrived(long sequence) {
        received++;
        if (sequence > Integer.MAX_VALUE || sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " out of the checked range");
        }
        int index = (int) sequence;
        if (seen.get(index)) {
            duplicated++;
        } else {
            seen.set(index);
        }
        if (sequence < highest) {
            reordered++;
        }
        highest = Math.max(highest, sequence);
    }

    public synchronized long received() {
        return received;
    }

    /** Distinct sequence numbers that arrived. */
    public synchronized long distinct() {
        return seen.cardinality();
    }

    public synchronized long duplicated() {
        return duplicated;
    }

    public synchronized long reordered() {
        return reordered;
    }

    /** How many of the first {@code sent} sequence numbers never arrived. */
    public synchronized long lost(long sent) {
        return sent - seen.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
    }
}
