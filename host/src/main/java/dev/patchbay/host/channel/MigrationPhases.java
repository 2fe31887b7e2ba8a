package dev.patchbay.host.channel;

import java.util.List;

/**
 * When each phase of one migration was reached, in nanoseconds from its start (0: never reached), so that a pause
 * can be explained: the new link open on this side, READY, SWITCH written (the last frame on the old link), the old
 * link drained (the other side's SWITCH read), the first message read on the new link, COMMIT, and the old link
 * released.
 */
public record MigrationPhases(long opened, long ready, long switched, long drained, long firstMessage,
                              long committed, long released) {

    /** No phase recorded. */
    public static final MigrationPhases NONE = new MigrationPhases(0, 0, 0, 0, 0, 0, 0);

    /** The phases' names, in order. */
    public static final List<String> NAMES = List.of("open", "ready", "switch", "drain", "first-message", "commit",
            "release");

    /** The moments, in the order of {@link #NAMES}. */
    public long[] moments() {
        return new long[] {opened, ready, switched, drained, firstMessage, committed, released};
    }

    /**
     * How long each phase took: from the previous phase reached (or the start) to this one; 0 for a phase not
     * reached. In the order of {@link #NAMES}.
     */
    public long[] durations() {
        long[] at = moments();
        long[] took = new long[at.length];
        long previous = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i] > 0) {
                // READY may be read before this side's accept returns: phases need not come in order.
                took[i] = Math.max(0, at[i] - previous);
                previous = Math.max(previous, at[i]);
            }
        }
        return took;
    }

    /** {@code open 1.20 ready 3.40 switch 3.41 drain 3.80 first-message 3.90 commit 505.1 release 505.2 ms}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        long[] at = moments();
        for (int i = 0; i < at.length; i++) {
            if (at[i] > 0) {
                text.append(text.length() == 0 ? "" : " ").append(NAMES.get(i)).append(' ')
                        .append(String.format("%.2f", at[i] / 1e6));
            }
        }
        return text.length() == 0 ? "no phase reached" : text.append(" ms").toString();
    }
}
