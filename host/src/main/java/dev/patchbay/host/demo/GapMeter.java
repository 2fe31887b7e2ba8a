package dev.patchbay.host.demo;

/**
 * The longest silence between two arrivals since the last reset: what a migration cost the receiving application,
 * measured where it counts.
 */
public final class GapMeter {
    private long last;
    private long maxGap;

    /** Records an arrival now. */
    public synchronized void arrived() {
        long now = System.nanoTime();
        if (last != 0) {
            maxGap = Math.max(maxGap, now - last);
        }
        last = now;
    }

    /** The longest gap since the last reset, in nanoseconds; then starts over. */
    public synchronized long takeMaxGap() {
        long gap = maxGap;
        maxGap = 0;
        return gap;
    }
}
