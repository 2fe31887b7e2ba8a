package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.Placement;
import dev.patchbay.bench.harness.contender.SessionSpec;
import dev.patchbay.bench.harness.contender.Suite;
import dev.patchbay.bench.harness.report.Figures;
import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.RoundResult;
import dev.patchbay.bench.harness.result.SuiteFailure;
import dev.patchbay.bench.harness.session.CpuLoad;
import dev.patchbay.bench.harness.session.Session;
import dev.patchbay.bench.harness.session.SessionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs every suite at every size. For each, Patchbay's pair and the baseline's pair are started once and warmed
 * up; then rounds are taken alternately — ours, baseline, ours, baseline — in every placement and mode, re-placing
 * both pairs before each placement's rounds, so that drift of the machine falls on both contenders and on every
 * placement alike.
 */
public final class BenchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final List<Mode> MODES = List.of(Mode.THROUGHPUT, Mode.ROUND_TRIP);
    /** Before a disturbed pair is taken again, the machine must be quiet this many windows in a row... */
    private static final int QUIET_WINDOWS = 2;
    /** ...of this length... */
    private static final Duration QUIET_WINDOW = Duration.ofMillis(500);
    /** ...but the harness waits no longer than this at a time. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final List<Placement> placements;
    private final Path workDir;
    private final PrintStream progress;
    private final List<PlacementCheck> checks = new ArrayList<>();
    private final LoadLog loadLog;
    private final List<SuiteFailure> failures = new ArrayList<>();
    private long waitBudgetNanos;

    /**
     * @param options    what to run
     * @param placements where the processes go, in turn
     * @param workDir    a private folder for meeting points, samples and logs
     * @param progress   where a line per suite and size is printed
     */
    public BenchRun(BenchOptions options, List<Placement> placements, Path workDir, PrintStream progress) {
        this.options = options;
        this.placements = List.copyOf(placements);
        this.workDir = workDir;
        this.progress = progress;
        this.loadLog = new LoadLog(options.retakes());
        this.waitBudgetNanos = options.maxWait().toNanos();
    }

    /** Called as each suite ends, failed or not, with every figure and failure so far. */
    @FunctionalInterface
    public interface Checkpoint {
        void suiteEnded(List<Comparison> comparisons, List<SuiteFailure> failures) throws IOException;
    }

    /**
     * Runs the suites in turn. A suite whose session fails (a sequence gap, a crash, a stuck peer, a pinning that
     * would not hold) is recorded in {@link #failures()}, keeps the sizes it finished, and the run goes on with the
     * next suite; only an interrupted launcher stops it.
     *
     * @param checkpoint told as each suite ends, so that what finished is kept if the run dies later
     */
    public List<Comparison> run(List<Suite> suites, Checkpoint checkpoint) throws IOException {
        List<Comparison> comparisons = new ArrayList<>();
        for (Suite suite : suites) {
            for (int size : options.sizes()) {
                List<Comparison> atSize;
                try {
                    atSize = compare(suite, size);
                } catch (SessionException | IOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    // Its other sizes would most likely fail alike, each after a timeout: on to the next suite.
                    String reason = e instanceof SessionException s ? s.reason() : e.toString();
                    failures.add(new SuiteFailure(suite.backend(), Figures.size(size) + " messages", reason));
                    progress.printf(Locale.ROOT, "%-9s %6d B  failed: %s%n", suite.backend(), size, e.getMessage());
                    break;
                }
                progress.println(summary(suite, size, atSize));
                comparisons.addAll(atSize);
            }
            checkpoint.suiteEnded(List.copyOf(comparisons), failures());
        }
        return comparisons;
    }

    /** The suites that failed so far, in order. */
    public List<SuiteFailure> failures() {
        return List.copyOf(failures);
    }

    /** What the run saw of other load on the machine. */
    public LoadLog loadLog() {
        return loadLog;
    }

    /** Every reading of where the processes were allowed to run, one per session and placement change. */
    public List<PlacementCheck> checks() {
        return List.copyOf(checks);
    }

    private List<Comparison> compare(Suite suite, int size) throws IOException {
        // Two spinners must never share a core: a suite that spins runs only where its processes are apart.
        List<Placement> usable = placements.stream()
                .filter(p -> !suite.needsSeparateCores() || p.separateCores())
                .toList();
        Map<Placement, Rounds> rounds = new LinkedHashMap<>();
        usable.forEach(p -> rounds.put(p, new Rounds()));
        if (!usable.isEmpty()) {
            measure(suite, size, rounds);
        }
        List<Comparison> result = new ArrayList<>();
        for (Placement placement : placements) {
            Rounds r = rounds.get(placement);
            for (Mode mode : MODES) {
                Optional<String> withheld = r == null
                        ? Optional.of("a side busy-spins, and here its processes would share a core")
                        : r.problem;
                result.add(withheld.isPresent()
                        ? Comparison.withheld(suite.backend(), suite.ours().name(), suite.baseline().name(), size,
                                placement.name(), mode, suite.target(mode), withheld.get())
                        : new Comparison(suite.backend(), suite.ours().name(), suite.baseline().name(), size,
                                placement.name(), mode, suite.target(mode), r.ours.get(mode), r.baseline.get(mode),
                                r.disturbed.getOrDefault(mode, 0), Optional.empty()));
            }
        }
        return result;
    }

    private void measure(Suite suite, int size, Map<Placement, Rounds> rounds) throws IOException {
        Placement first = rounds.keySet().iterator().next();
        try (Session ours = Session.start(suite.ours(), spec(suite, "patchbay", size));
             Session baseline = Session.start(suite.baseline(), spec(suite, "baseline", size))) {
            place(first, rounds.get(first), ours, baseline);
            baseline.pause();
            ours.warmUp(options.warmUp());
            ours.pause();
            baseline.resume();
            baseline.warmUp(options.warmUp());
            for (int k = 0; k < options.rounds(); k++) {
                for (Map.Entry<Placement, Rounds> entry : rounds.entrySet()) {
                    Rounds r = entry.getValue();
                    place(entry.getKey(), r, ours, baseline);
                    for (Mode mode : MODES) {
                        pair(mode, r, ours, baseline);
                    }
                }
            }
        }
    }

    /** Places both pairs and records where they ended up; figures from a placement that did not hold are withheld. */
    private void place(Placement placement, Rounds rounds, Session... sessions) {
        for (Session session : sessions) {
            PlacementCheck check = new PlacementCheck(session.spec().id(), placement, session.place(placement));
            checks.add(check);
            if (!check.held() && rounds.problem.isEmpty()) {
                rounds.problem = Optional.of("the placement did not hold: " + check);
            }
        }
    }

    /**
     * Takes one round of each contender, back to back; if other load disturbed them, waits for the machine to be
     * quiet and takes both again, up to {@link BenchOptions#retakes()} times, then keeps the least disturbed pair
     * and marks it.
     */
    private void pair(Mode mode, Rounds rounds, Session ours, Session baseline) {
        Attempt best = null;
        for (int attempt = 0; ; attempt++) {
            CpuLoad.Reading before = CpuLoad.read();
            RoundResult a = round(ours, mode, baseline);
            RoundResult b = round(baseline, mode, ours);
            Attempt taken = new Attempt(a, b, CpuLoad.between(before, CpuLoad.read()));
            LOG.debug("{} pair, attempt {}: other load {} CPUs, steal {}", mode.label(), attempt,
                    taken.load.foreign(), taken.load.steal());
            if (best == null || taken.load.foreign() + taken.load.steal() < best.load.foreign() + best.load.steal()) {
                best = taken;
            }
            boolean disturbed = LoadLog.disturbs(best.load);
            if (!disturbed || attempt >= loadLog.maxRetakes()) {
                // Out of retakes, the least disturbed attempt is kept, and marked.
                loadLog.pair(best.load, attempt > 0, disturbed);
                rounds.ours.computeIfAbsent(mode, m -> new ArrayList<>()).add(best.ours);
                rounds.baseline.computeIfAbsent(mode, m -> new ArrayList<>()).add(best.baseline);
                if (disturbed) {
                    rounds.disturbed.merge(mode, 1, Integer::sum);
                }
                return;
            }
            progress.printf(Locale.ROOT, "  retaking a %s pair: other processes used %.2f CPUs, steal %.2f%n",
                    mode.label(), taken.load.foreign(), taken.load.steal());
            ours.pause();
            baseline.pause();
            awaitQuiet();
        }
    }

    /** One pair of rounds and the load around it. */
    private record Attempt(RoundResult ours, RoundResult baseline, CpuLoad.Interval load) {
    }

    /**
     * Waits, with both pairs stopped, until the machine has been quiet for {@link #QUIET_WINDOWS} windows in a row,
     * but no longer than {@link #LONGEST_WAIT} at a time nor than what is left of the run's waiting budget.
     */
    private void awaitQuiet() {
        long start = System.nanoTime();
        long deadline = start + Math.min(LONGEST_WAIT.toNanos(), waitBudgetNanos);
        int quiet = 0;
        while (quiet < QUIET_WINDOWS && System.nanoTime() < deadline) {
            CpuLoad.Reading before = CpuLoad.read();
            LockSupport.parkNanos(QUIET_WINDOW.toNanos());
            quiet = LoadLog.disturbs(CpuLoad.between(before, CpuLoad.read())) ? 0 : quiet + 1;
        }
        long waited = System.nanoTime() - start;
        waitBudgetNanos = Math.max(0, waitBudgetNanos - waited);
        loadLog.waited(Duration.ofNanos(waited));
    }

    /** One round of {@code session}, with {@code other} stopped meanwhile. */
    private RoundResult round(Session session, Mode mode, Session other) {
        other.pause();
        session.resume();
        return switch (mode) {
            case THROUGHPUT -> session.stream(options.round());
            case ROUND_TRIP -> session.roundTrip(options.round());
        };
    }

    private SessionSpec spec(Suite suite, String side, int size) {
        return new SessionSpec(suite.backend() + "-" + side + "-" + size, size, options.rate(), workDir);
    }

    private static String summary(Suite suite, int size, List<Comparison> comparisons) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s %6d B", suite.backend(), size));
        for (Comparison c : comparisons) {
            sb.append(String.format(Locale.ROOT, "  [%s] %s %s", c.placement(), c.mode().label(),
                    c.measured() ? String.format(Locale.ROOT, "%.2fx", c.ratio().median()) : "withheld"));
        }
        return sb.toString();
    }

    /** The rounds of one placement, per mode, for both sides. */
    private static final class Rounds {
        final Map<Mode, List<RoundResult>> ours = new EnumMap<>(Mode.class);
        final Map<Mode, List<RoundResult>> baseline = new EnumMap<>(Mode.class);
        final Map<Mode, Integer> disturbed = new EnumMap<>(Mode.class);
        Optional<String> problem = Optional.empty();
    }
}
