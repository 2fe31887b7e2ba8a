package dev.patchbay.host.faults;

import dev.patchbay.host.demo.PauseStats;
import dev.patchbay.sharedmem.janitor.Resource;

import java.time.Duration;
import java.util.List;

/**
 * How one group of the fault suite went.
 *
 * @param group     the group
 * @param rounds    kills (or swaps) made
 * @param noticed   from each kill to the survivor's noticing it (empty for swaps, which kill nothing)
 * @param failures  every expectation that failed, one line each
 * @param leftovers what of this run's resources was still there after the janitor's gc
 * @param notes     the group's own figures (lost, duplicated, torn tails cut, ...), one line each
 * @param took      how long the group ran
 */
public record GroupResult(FaultGroup group, int rounds, PauseStats noticed, List<String> failures,
                          List<Resource> leftovers, List<String> notes, Duration took) {
    public GroupResult {
        failures = List.copyOf(failures);
        leftovers = List.copyOf(leftovers);
        notes = List.copyOf(notes);
    }

    /** True when every expectation held and nothing was left behind. */
    public boolean passed() {
        return failures.isEmpty() && leftovers.isEmpty();
    }

    /** {@code p50 / p99 / max} in milliseconds, or {@code -} when nothing was killed. */
    public String noticedSummary() {
        if (noticed.count() == 0) {
            return "-";
        }
        return String.format("%.0f / %.0f / %.0f ms", noticed.percentile(50) / 1e6, noticed.percentile(99) / 1e6,
                noticed.percentile(100) / 1e6);
    }
}
