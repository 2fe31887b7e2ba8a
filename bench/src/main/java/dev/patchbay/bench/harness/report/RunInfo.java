package dev.patchbay.bench.harness.report;

import dev.patchbay.bench.harness.PlacementCheck;
import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.contender.Suite;
import dev.patchbay.bench.harness.result.SuiteFailure;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * How a run was made, for the report.
 *
 * @param command    the command that reproduces it
 * @param started    when it started
 * @param elapsed    how long it took
 * @param quick      whether it was the short configuration
 * @param rounds     measured rounds per contender, mode and size
 * @param round      length of a round
 * @param warmUp     length of each session's discarded warm-up
 * @param rate       round trips per second in round-trip rounds
 * @param placements where the processes were placed, in turn
 * @param checks     where each session's processes were confined, read back from the kernel at every placement
 * @param otherLoad  what the run saw of other load on the machine, one sentence
 * @param suites     what was to be compared
 * @param failures   the suites that stopped with an error
 * @param complete   false while the run is still going: the report is written as each suite ends
 */
public record RunInfo(String command, ZonedDateTime started, Duration elapsed, boolean quick, int rounds,
                      Duration round, Duration warmUp, long rate, List<Placement> placements,
                      List<PlacementCheck> checks, String otherLoad, List<Suite> suites,
                      List<SuiteFailure> failures, boolean complete) {

    public RunInfo {
        placements = List.copyOf(placements);
        checks = List.copyOf(checks);
        suites = List.copyOf(suites);
        failures = List.copyOf(failures);
    }

    /** The readings that found a process somewhere else than its placement said. */
    public List<PlacementCheck> failedChecks() {
        return checks.stream().filter(c -> !c.held()).toList();
    }
}
