package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.contender.Suite;
import dev.patchbay.bench.harness.report.MachineInfo;
import dev.patchbay.bench.harness.report.MarkdownReport;
import dev.patchbay.bench.harness.report.RunInfo;
import dev.patchbay.bench.harness.report.SvgChart;
import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.SuiteFailure;
import dev.patchbay.bench.harness.swap.SwapPauseReport;
import dev.patchbay.bench.harness.swap.SwapResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A run's {@code BENCHMARKS.md} and {@code benchmarks.svg}, written again each time a suite ends, so that a run that
 * dies later keeps the figures of the suites that finished. Each file is replaced whole (written beside it, then
 * renamed), so a reader never sees half of one.
 */
final class ReportFiles {
    private final BenchOptions options;
    private final String command;
    private final List<Placement> placements;
    private final List<Suite> suites;
    private final int migrations;
    private final ZonedDateTime started = ZonedDateTime.now();
    private final long startNanos = System.nanoTime();
    private final MachineInfo machine = MachineInfo.probe();
    private final Path report;
    private final Path chart;
    /** Read before the report is first replaced: sections of other benchmarks, kept below the marker. */
    private final String keptSections;

    ReportFiles(BenchOptions options, String command, List<Placement> placements, List<Suite> suites, int migrations)
            throws IOException {
        this.options = options;
        this.command = command;
        this.placements = List.copyOf(placements);
        this.suites = List.copyOf(suites);
        this.migrations = migrations;
        this.report = options.outDir().resolve(BenchMain.REPORT_FILE);
        this.chart = options.outDir().resolve(BenchMain.CHART_FILE);
        this.keptSections = BenchMain.keptSections(report);
    }

    Path report() {
        return report;
    }

    Path chart() {
        return chart;
    }

    /**
     * Writes both files with what the run has so far.
     *
     * @param complete false while suites are still to run: the report then says it is incomplete
     */
    void write(BenchRun run, List<Comparison> comparisons, List<SuiteFailure> failures, List<SwapResult> swaps,
               boolean complete) throws IOException {
        RunInfo info = new RunInfo(command, started, Duration.ofNanos(System.nanoTime() - startNanos),
                options.quick(), options.rounds(), options.round(), options.warmUp(), options.rate(), placements,
                run.checks(), run.loadLog().describe(), suites, failures, complete);
        String swapSection = swaps.isEmpty() ? "" : SwapPauseReport.render(swaps, migrations);
        Files.createDirectories(options.outDir());
        replace(report, MarkdownReport.render(info, machine, comparisons, BenchMain.CHART_FILE) + "\n" + swapSection
                + BenchMain.KEPT_MARKER + "\n" + keptSections);
        replace(chart, SvgChart.render(comparisons));
    }

    private static void replace(Path file, String text) throws IOException {
        Path next = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".next");
        try {
            Files.writeString(next, text);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }
}
