package dev.patchbay.host.faults;

import dev.patchbay.api.LinkOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run of the fault suite does.
 *
 * @param plugins      the plugins folder (the suite works on a private copy of it)
 * @param groups       the groups to run, in order
 * @param rounds       kills per situation: per peer situation (idle, traffic, each migration phase), per lock
 *                     group, per mmap side
 * @param swaps        migrations in the swaps group
 * @param rate         messages per second each way wherever there is traffic
 * @param healthWindow how long a new link must work before a migration commits (swaps group)
 * @param timeout      how long any one step may take before the round counts as failed (far above 1 s: a slow
 *                     notice is measured and reported, not cut off)
 * @param noticeLimit  a kill noticed later than this is a failure
 */
public record FaultSettings(Path plugins, List<FaultGroup> groups, int rounds, int swaps, long rate,
                            Duration healthWindow, Duration timeout, Duration noticeLimit) {
    public FaultSettings {
        groups = List.copyOf(groups);
        if (rounds < 1 || rounds > 100_000) {
            throw new IllegalArgumentException("rounds=" + rounds + " must be between 1 and 100000");
        }
        if (swaps < 1 || swaps > 1_000_000) {
            throw new IllegalArgumentException("swaps=" + swaps + " must be between 1 and 1000000");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("rate=" + rate + " must be at least 1");
        }
    }

    /** The options links are opened with: peers may take long to start on a loaded machine. */
    LinkOptions linkOptions() {
        return LinkOptions.DEFAULTS.withOpenTimeout(timeout);
    }
}
