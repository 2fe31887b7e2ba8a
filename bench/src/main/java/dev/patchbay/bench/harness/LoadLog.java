package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.session.CpuLoad;

import java.time.Duration;
import java.util.Locale;

/**
 * What the run saw of other load on the machine: each pair of rounds (ours and the baseline's, back to back) is
 * checked, and one that ran while other processes or the hypervisor took a noticeable share of the CPUs is taken
 * again once the machine is quiet, a few times at most.
 */
public final class LoadLog {
    /** Other processes using more than this many CPUs on average disturb a pair of rounds. */
    public static final double FOREIGN_LIMIT = 0.15;
    /** The hypervisor stealing more than this many CPUs on average disturbs a pair of rounds. */
    public static final double STEAL_LIMIT = 0.05;
    private final int maxRetakes;
    private int pairs;
    private int retakes;
    private int disturbedKept;
    private double maxForeign;
    private double maxSteal;
    private Duration waited = Duration.ZERO;

    /** @param maxRetakes how often a disturbed pair is taken again before it is kept and marked */
    LoadLog(int maxRetakes) {
        this.maxRetakes = maxRetakes;
    }

    /** How often a disturbed pair is taken again before it is kept and marked. */
    int maxRetakes() {
        return maxRetakes;
    }

    /** True when the load would spoil the figures of a pair of rounds. */
    public static boolean disturbs(CpuLoad.Interval load) {
        return load.foreign() > FOREIGN_LIMIT || load.steal() > STEAL_LIMIT;
    }

    synchronized void pair(CpuLoad.Interval load, boolean retaken, boolean keptDisturbed) {
        pairs++;
        retakes += retaken ? 1 : 0;
        disturbedKept += keptDisturbed ? 1 : 0;
        maxForeign = Math.max(maxForeign, load.foreign());
        maxSteal = Math.max(maxSteal, load.steal());
    }

    synchronized void waited(Duration length) {
        waited = waited.plus(length);
    }

    /** One sentence for the report. */
    public synchronized String describe() {
        return String.format(Locale.ROOT, "checked for every pair of rounds (CPU used by other processes from"
                + " `/proc/stat` minus the harness's own, and steal time): a pair is disturbed above %.2f CPUs of"
                + " other load or %.2f CPUs of steal, and retaken once the machine is quiet again. %d pairs"
                + " kept, %d of them retaken, %d still disturbed after %d retakes (the least disturbed attempt"
                + " kept and marked in the tables); %d s spent waiting for quiet; the most other load in a kept"
                + " pair was %.2f CPUs, the most steal %.2f CPUs",
                FOREIGN_LIMIT, STEAL_LIMIT, pairs, retakes, disturbedKept, maxRetakes, waited.toSeconds(), maxForeign,
                maxSteal);
    }

    public synchronized int disturbedKept() {
        return disturbedKept;
    }
}
