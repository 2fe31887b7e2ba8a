package dev.patchbay.host.faults;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The fault suite's results as markdown: docs/RELIABILITY.md. */
public final class ReliabilityReport {
    private final FaultSettings settings;
    private final List<GroupResult> results;
    private final String command;

    /** @param command the command line that ran the suite, quoted in the report */
    public ReliabilityReport(FaultSettings settings, List<GroupResult> results, String command) {
        this.settings = settings;
        this.results = List.copyOf(results);
        this.command = command;
    }

    /** Writes the report to {@code file} (its folder is made if need be). */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            print(out);
        }
    }

    void print(PrintWriter out) {
        boolean passed = results.stream().allMatch(GroupResult::passed);
        out.println("# Reliability");
        out.println();
        out.println("Real processes killed with `kill -9` (SIGKILL) where it hurts, and swaps under load; after each"
                + " group the janitor (`patchbay segments gc`, called in-process) collects what dead processes left,"
                + " and whatever of this run is still there is counted as a leftover. Written by:");
        out.println();
        out.println("```sh");
        out.println(command);
        out.println("```");
        out.println();
        out.printf("Run %s on %s (%d cores, %s, Java %s). **%s.**%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), machine(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.version"), passed ? "Every expectation held"
                        : "Some expectations FAILED (listed below)");
        out.println();
        out.println("| group | rounds | noticed p50 / p99 / max | failures | leftovers after gc |");
        out.println("|---|---:|---:|---:|---:|");
        for (GroupResult r : results) {
            out.printf("| %s | %d | %s | %d | %d |%n", r.group().label(), r.rounds(), r.noticedSummary(),
                    r.failures().size(), r.leftovers().size());
        }
        out.println();
        out.printf("Expectations: every kill noticed within %d ms (%s), 0 lost, every count exact, 0 leftovers."
                        + " Rounds: %d per situation; swaps: %d; traffic at %,d messages/s each way; health window %d"
                        + " ms in the swaps group.%n", settings.noticeLimit().toMillis(),
                "measured, from just before the SIGKILL to the first look that finds it noticed, looking every 0.1 ms",
                settings.rounds(), settings.swaps(), settings.rate(), settings.healthWindow().toMillis());
        for (GroupResult r : results) {
            out.println();
            out.printf("## %s — %s%n%n", r.group().label(), r.group().description());
            out.println(explain(r.group()));
            out.println();
            r.notes().forEach(n -> out.println("- " + n));
            out.printf("- took %d s%n", r.took().toSeconds());
            r.failures().forEach(f -> out.println("- **failure**: " + f));
            r.leftovers().forEach(l -> out.println("- **leftover**: " + l.kind() + " " + l.name() + " at "
                    + l.location() + " (owner pid " + l.ownerPid() + ")"));
        }
        out.println();
        out.println("## How to read these figures");
        out.println();
        out.println("The machine that ran this shares its cores with other work (builds and tests of other"
                + " projects); every JVM the suite starts competes for them. The figures are what a loaded machine"
                + " gives, not a quiet one: a p99 or max well above the p50 is most often a process that did not get"
                + " a core in time.");
    }

    private static String explain(FaultGroup group) {
        return switch (group) {
            case PEER -> "An echo peer (`patchbay peer pipe:stdio`, its own JVM) on a channel of this process is"
                    + " killed; *noticed* is until the survivor's channel has ended with the peer's death and, in a"
                    + " migration, the migration has failed with it. How each situation was reached:\n\n"
                    + situations();
            case LOCK -> "The killed-holder round of `patchbay example counter`: a process takes the robust mutex of"
                    + " a struct in a POSIX segment (fixed offsets and a managed segment in turn), stops half-way"
                    + " through an update and is killed while another process queues for the mutex. *Noticed* is"
                    + " until the next holder got EOWNERDEAD and undid the half update (watched in the struct); the"
                    + " counter must equal the increments that completed.";
            case MMAP -> "A writer process, then a reader process, of an `mmap:` log (256 KiB files, records of 8 B"
                    + " to 8 KB) is killed at a random point. Killed writers: this process reads, and every record a"
                    + " writer acknowledged (its send returned) must arrive exactly once, in order; *noticed* is until"
                    + " the reader is told the writer is gone (after reading all it committed). Killed readers: this"
                    + " process writes; each new reader must resume after the last record the killed one"
                    + " acknowledged, and never past what was written; *noticed* is until the writer's send fails."
                    + " Then one byte of a committed record is flipped on disk: it must be reported, not delivered.";
            case SWAPS -> "`patchbay soak` in this process: numbered traffic each way through an echo peer while the"
                    + " channel migrates between every pair of backends and module versions, a broken patch (rolled"
                    + " back) every 25th time. Nothing is killed, so there is no *noticed*.";
        };
    }

    private static String situations() {
        StringBuilder sb = new StringBuilder();
        for (PeerSituation s : PeerSituation.values()) {
            sb.append("- *").append(s.label()).append("*: ").append(s.how()).append('\n');
        }
        sb.append("- the migration phases alternate between idle (the agents read for the channel) and under"
                + " traffic, except *switching*, always under traffic");
        return sb.toString();
    }

    private static String machine() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("an unknown CPU");
        } catch (IOException e) {
            return "an unknown CPU";
        }
    }
}
