package dev.patchbay.host.faults;

import dev.patchbay.host.demo.DemoRunner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the groups of the fault suite in order, on a private copy of the plugins folder, and after each one lets
 * the janitor collect and counts what this run left behind.
 *
 * <pre>{@code
 * List<GroupResult> results = new FaultSuite(settings, out).run();
 * boolean ok = results.stream().allMatch(GroupResult::passed);
 * }</pre>
 */
public final class FaultSuite {
    private final FaultSettings settings;
    private final PrintWriter progress;

    /** @param progress where a line per group (and the soak's progress) goes */
    public FaultSuite(FaultSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every group asked for; returns their results in order. */
    public List<GroupResult> run() throws Exception {
        Path copy = DemoRunner.copyPlugins(settings.plugins());
        FaultSettings onCopy = new FaultSettings(copy, settings.groups(), settings.rounds(), settings.swaps(),
                settings.rate(), settings.healthWindow(), settings.timeout(), settings.noticeLimit());
        List<GroupResult> results = new ArrayList<>();
        try (RunProcesses processes = new RunProcesses()) {
            Leftovers leftovers = new Leftovers(processes, copy);
            for (FaultGroup group : settings.groups()) {
                progress.printf("%-6s %s ...%n", group.label(), group.description());
                progress.flush();
                GroupResult r = switch (group) {
                    case PEER -> new PeerKills(onCopy, processes, progress).run(leftovers);
                    case LOCK -> new LockKills(onCopy).run(leftovers);
                    case MMAP -> new MmapKills(onCopy, processes).run(leftovers);
                    case SWAPS -> new SwapsUnderLoad(onCopy, settings.plugins().resolveSibling("patches"), progress)
                            .run(leftovers);
                };
                results.add(r);
                progress.printf("%-6s %s: %d rounds in %d s, noticed p50/p99/max %s, %d failures, %d leftovers"
                                + " after gc%n", group.label(), r.passed() ? "ok" : "FAILED", r.rounds(),
                        r.took().toSeconds(), r.noticedSummary(), r.failures().size(), r.leftovers().size());
                progress.flush();
            }
        } finally {
            deleteCopy(copy);
        }
        return results;
    }

    private void deleteCopy(Path copy) {
        try {
            DemoRunner.deleteTree(copy);
        } catch (IOException e) {
            progress.println("could not remove the plugins copy " + copy + ": " + e.getMessage());
        }
    }
}
