package dev.patchbay.bench.harness.result;

import java.util.Locale;

/**
 * What the ratio of Patchbay to its baseline should be in one mode: at least {@code bound} where higher is better
 * (throughput), at most {@code bound} where lower is better (latency).
 */
public record Target(Mode mode, double bound) {

    /** True when {@code ratio} meets the target. */
    public boolean metBy(double ratio) {
        return mode.higherIsBetter() ? ratio >= bound : ratio <= bound;
    }

    /** E.g. {@code "≥ 0.90×"}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.2f×", mode.higherIsBetter() ? "≥" : "≤", bound);
    }
}
