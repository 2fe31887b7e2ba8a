package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.contender.Placements;
import dev.patchbay.bench.harness.contender.Suite;
import dev.patchbay.bench.harness.contender.Suites;
import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.SuiteFailure;
import dev.patchbay.bench.harness.session.SessionException;
import dev.patchbay.bench.harness.swap.SwapPauseRun;
import dev.patchbay.bench.harness.swap.SwapResult;
import dev.patchbay.bench.harness.swap.SwapScenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the whole comparison and writes {@code BENCHMARKS.md} and {@code benchmarks.svg}. Started by
 * {@code bench/run}; see {@link BenchOptions#USAGE}. Progress goes to stderr, the summary to stdout.
 *
 * <p>Exit status: 0 when the run completed (targets missed are reported, not errors), 1 when a suite failed (the
 * others still ran and the report holds them and says why; the work folder with the processes' logs is kept and
 * named), 2 for a bad command line or a missing build.
 */
public final class BenchMain {
    /** The report's name for the SVG, next to BENCHMARKS.md. */
    public static final String CHART_FILE = "benchmarks.svg";
    public static final String REPORT_FILE = "BENCHMARKS.md";
    /** Below this line the report holds sections of other benchmarks, which the harness keeps as they are. */
    static final String KEPT_MARKER = "<!-- Below: sections written by other benchmarks; bench/run keeps them. -->";
    /** The pseudo-backend that selects the swap-pause mode in {@code --backends}. */
    static final String SWAP = "swap";

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        // On Ctrl-C, take the pairs down too: a receiver waiting for its peer would otherwise linger.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly), "bench-cleanup"));
        try {
            Outcome outcome = execute(options, System.err);
            System.out.println("wrote " + outcome.report() + " and " + outcome.chart());
            if (!outcome.failures().isEmpty()) {
                System.err.println("bench: run failed: " + outcome.failures().stream()
                        .map(f -> f.suite() + " (at " + f.during() + ")").collect(Collectors.joining(", "))
                        + " failed; the report says why and holds the rest; logs kept in "
                        + outcome.keptWorkDir().orElseThrow());
                System.exit(1);
            }
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (SessionException | IOException e) {
            System.err.println("bench: run failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * What a run produced.
     *
     * @param failures    the suites that stopped with an error (the others ran on)
     * @param keptWorkDir the work folder with the processes' logs, kept when a suite failed
     */
    public record Outcome(List<Comparison> comparisons, List<SuiteFailure> failures, Path report, Path chart,
                          Optional<Path> keptWorkDir) {
    }

    /**
     * Runs the suites the options select and writes the report into {@code options.outDir()}, again as each suite
     * ends, so that a run that dies keeps what finished.
     *
     * @param progress where a line per backend and size is printed as the run goes
     * @throws IllegalArgumentException if the C baselines are not built or a backend is unknown
     */
    public static Outcome execute(BenchOptions options, PrintStream progress) throws IOException {
        return execute(options, selectSuites(options), options.includes(SWAP), progress);
    }

    /** {@link #execute(BenchOptions, PrintStream)} with the suites given. */
    static Outcome execute(BenchOptions options, List<Suite> suites, boolean swap, PrintStream progress)
            throws IOException {
        List<Placement> placements = Placements.resolve(options.placements());
        progress.println("bench: " + placements.stream().map(Placement::description).toList() + "; "
                + options.rounds() + " rounds of " + options.round().toMillis() + " ms per placement and mode after a "
                + options.warmUp().toMillis() + " ms warm-up");
        Path workDir = Files.createTempDirectory("patchbay-bench-");
        int migrations = options.quick() ? 40 : 300;
        ReportFiles files = new ReportFiles(options, command(options), placements, suites, migrations);
        BenchRun run = new BenchRun(options, placements, workDir, progress);
        List<Comparison> comparisons = run.run(suites,
                (soFar, failures) -> files.write(run, soFar, failures, List.of(), false));
        List<SuiteFailure> failures = new ArrayList<>(run.failures());
        List<SwapResult> swaps = List.of();
        if (swap) {
            try {
                swaps = new SwapPauseRun(distribution(), migrations, workDir, progress).run(SwapScenario.defaults());
            } catch (IOException | IllegalStateException e) {
                failures.add(new SuiteFailure(SWAP, "the swap-pause mode", e.getMessage()));
                progress.println("bench: swap pause failed: " + e.getMessage());
            }
        }
        files.write(run, comparisons, failures, swaps, true);
        if (failures.isEmpty()) {
            deleteTree(workDir);
        }
        return new Outcome(comparisons, failures, files.report(), files.chart(),
                failures.isEmpty() ? Optional.empty() : Optional.of(workDir));
    }

    /** Everything in an existing report after {@link #KEPT_MARKER}, or nothing. */
    static String keptSections(Path report) throws IOException {
        if (!Files.exists(report)) {
            return "";
        }
        String text = Files.readString(report);
        int at = text.indexOf(KEPT_MARKER);
        return at < 0 ? "" : text.substring(at + KEPT_MARKER.length()).stripLeading();
    }

    private static List<Suite> selectSuites(BenchOptions options) {
        Path cDir = options.cDir().toAbsolutePath();
        for (String program : List.of("pipe-bench", "fifo-bench")) {
            if (!Files.isExecutable(cDir.resolve(program))) {
                throw new IllegalArgumentException("no C baseline " + cDir.resolve(program) + "; build first with"
                        + " ./mvnw -q -DskipTests package (or point --c-dir at the built programs)");
            }
        }
        List<Suite> all = Suites.all(JavaCommand.ofThisJvm(), cDir, options.baselinesDir().toAbsolutePath());
        for (String backend : options.backends()) {
            if (!backend.equals(SWAP) && all.stream().noneMatch(s -> s.backend().equals(backend))) {
                throw new IllegalArgumentException("no benchmark suite for backend '" + backend + "'; known: "
                        + all.stream().map(Suite::backend).toList() + " and " + SWAP + " (the swap-pause mode)");
            }
        }
        if (options.includes(SWAP)) {
            SwapPauseRun.launcher(distribution());
        }
        return all.stream().filter(s -> options.includes(s.backend())).toList();
    }

    /** The built distribution, whose soak measures swap pauses. */
    private static Path distribution() {
        return Path.of(System.getProperty("patchbay.bench.dist", "target/patchbay"));
    }

    /** The command that reproduces this run, as the launch script named itself. */
    private static String command(BenchOptions options) {
        String launcher = System.getProperty("patchbay.bench.command", "bench/run");
        return Stream.concat(Stream.of(launcher), options.args().stream()).reduce((a, b) -> a + " " + b).orElseThrow();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
