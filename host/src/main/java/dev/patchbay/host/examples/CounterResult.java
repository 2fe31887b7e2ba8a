package dev.patchbay.host.examples;

/**
 * How one round of the counter lesson ended.
 *
 * @param phase     the round
 * @param managed   true for the managed segment
 * @param counter   the shared counter at the end
 * @param completed increments the processes completed (the sum of their own counts)
 * @param recovered   half-done updates undone after their holder died
 * @param recoveredBy the pid of the process that undid it, or 0
 * @param recoveryNanos in the killed round, from the SIGKILL to the next holder's undoing the half update (measured
 *                      by watching the struct); 0 in the other rounds
 */
public record CounterResult(CounterPhase phase, boolean managed, long counter, long completed, int recovered,
                            long recoveredBy, long recoveryNanos) {
    /** Updates that completed but are missing from the counter. */
    public long lost() {
        return completed - counter;
    }

    /** Exact: nothing lost, and in the killed round the dead holder's half update undone. */
    public boolean exact() {
        return counter == completed && (phase != CounterPhase.HOLDER_KILLED || recovered == 1);
    }
}
