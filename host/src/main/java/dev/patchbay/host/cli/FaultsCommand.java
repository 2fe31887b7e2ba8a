package dev.patchbay.host.cli;

import dev.patchbay.host.faults.FaultGroup;
import dev.patchbay.host.faults.FaultSettings;
import dev.patchbay.host.faults.FaultSuite;
import dev.patchbay.host.faults.GroupResult;
import dev.patchbay.host.faults.ReliabilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code patchbay faults}: the fault suite, with figures. */
@Command(name = "faults", description = {"Kill real processes with SIGKILL where it hurts and check that the"
        + " survivors cope: echo peers idle, under traffic and in each phase of a migration (the survivor must notice"
        + " within --notice-limit); a process holding a robust shared mutex (the next holder recovers, the counter"
        + " stays exact); the writer and the reader of a mapped log (every acknowledged record exactly once, damage"
        + " reported); then swaps under load (nothing lost). After each group the janitor (segments gc) runs and"
        + " whatever this run left behind is counted.",
        "Prints a line per group and a table; exits 1 if any expectation failed."},
        footerHeading = "%nExamples:%n", footer = {"  patchbay faults --rounds 3 --swaps 30           a quick pass",
                "  patchbay faults --groups peer,lock --rounds 20",
                "  patchbay faults --rounds 100 --swaps 1000 --health-window 100ms --report docs/RELIABILITY.md"})
final class FaultsCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @Option(names = "--rounds", defaultValue = "100", paramLabel = "N",
            description = "Kills per situation: per peer situation (idle, traffic, each migration phase), robust-lock"
                    + " holders, mmap writers and mmap readers (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--swaps", defaultValue = "1000", paramLabel = "N",
            description = "Migrations in the swaps group (default ${DEFAULT-VALUE}).")
    int swaps;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", defaultValue = "peer,lock,mmap,swaps",
            description = "Which groups to run, in this order (default ${DEFAULT-VALUE}).")
    List<String> groups;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "MSG/S",
            description = "Messages per second each way wherever there is traffic (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--notice-limit", defaultValue = "1s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A kill noticed later than this is a failure (default ${DEFAULT-VALUE}).")
    Duration noticeLimit;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the figures as a Markdown page, e.g. docs/RELIABILITY.md.")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Peers killed on purpose make the host warn; the suite reports every kill itself.
        host.quietUnlessVerbose();
        FaultSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        List<GroupResult> results = new FaultSuite(settings, out).run();
        print(results, out);
        if (report != null) {
            new ReliabilityReport(settings, results, "patchbay " + String.join(" ",
                    spec.commandLine().getParseResult().originalArgs())).write(report);
            out.println("report written to " + report);
        }
        return results.stream().allMatch(GroupResult::passed) ? ExitStatus.OK : ExitStatus.PROBLEMS_FOUND;
    }

    private FaultSettings settings() {
        List<FaultGroup> chosen = new ArrayList<>();
        try {
            for (String g : groups) {
                chosen.add(FaultGroup.of(g));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--groups: " + e.getMessage());
        }
        try {
            return new FaultSettings(host.plugins(), chosen, rounds, swaps, rate, host.healthWindow,
                    host.openTimeout(), noticeLimit);
        } catch (IllegalArgumentException e) {
            // "rounds=0 must be ..." names the option it came from.
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage().replaceFirst("=", " "));
        }
    }

    private static void print(List<GroupResult> results, PrintWriter out) {
        out.println();
        Table table = new Table("GROUP", "ROUNDS", "NOTICED P50/P99/MAX", "FAILURES", "LEFTOVERS AFTER GC");
        for (GroupResult r : results) {
            table.row(r.group().label(), r.rounds(), r.noticedSummary(), r.failures().size(), r.leftovers().size());
        }
        table.print(out);
        for (GroupResult r : results) {
            r.failures().forEach(f -> out.println(r.group().label() + ": FAILED " + f));
            r.leftovers().forEach(l -> out.println(r.group().label() + ": LEFT " + l));
        }
        out.flush();
    }
}
