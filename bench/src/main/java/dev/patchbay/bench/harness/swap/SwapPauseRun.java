package dev.patchbay.bench.harness.swap;

import dev.patchbay.bench.harness.session.CpuLoad;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the distribution's {@code patchbay soak} once per scenario and reads its pause figures. The host and its
 * spawned echo peer are left to the scheduler (both need a CPU; pinning them would measure the pinning), and the
 * CPU other programs use is sampled every second so that a disturbed run is marked in the report.
 */
public final class SwapPauseRun {
    /** A new link must work this long before the old one goes; short, so that a run is mostly migrations. */
    private static final String HEALTH_WINDOW = "20ms";
    private static final Pattern COMMITTED = Pattern.compile("migrations\\s+([0-9]+) committed");

    private final Path distribution;
    private final int migrations;
    private final Path workDir;
    private final PrintStream progress;

    /**
     * @param distribution the built distribution ({@code target/patchbay}), whose {@code bin/patchbay} runs the soak
     * @param migrations   migrations per scenario
     * @param workDir      where each soak's stderr is kept while it runs
     */
    public SwapPauseRun(Path distribution, int migrations, Path workDir, PrintStream progress) {
        this.distribution = distribution;
        this.migrations = migrations;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** The launcher of the distribution, or an error that says how to build it. */
    public static Path launcher(Path distribution) {
        Path launcher = distribution.resolve("bin/patchbay");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("no Patchbay distribution at " + distribution + " for the swap-pause"
                    + " mode; build first with ./mvnw -q -DskipTests package, or leave swap out of --backends");
        }
        return launcher;
    }

    /** Runs every scenario in turn. */
    public List<SwapResult> run(List<SwapScenario> scenarios) throws IOException {
        List<SwapResult> results = new ArrayList<>();
        for (SwapScenario scenario : scenarios) {
            progress.println("bench: swap pause, " + scenario.label() + ", " + migrations + " migrations at "
                    + scenario.rate() + " msg/s");
            SwapResult result = measure(scenario);
            progress.printf("bench:   pause p50 %.3f ms, p99 %.3f ms, max %.3f ms; without a migration p99 %.3f ms%n",
                    result.pause().p50Millis(), result.pause().p99Millis(), result.pause().maxMillis(),
                    result.quiet().p99Millis());
            results.add(result);
        }
        return results;
    }

    private SwapResult measure(SwapScenario scenario) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher(distribution).toString(), "soak",
                "--backends", String.join(",", scenario.backends()), "--rate", Long.toString(scenario.rate()),
                "--migrations", Integer.toString(migrations), "--broken-every", "0", "--quiet-windows",
                "--health-window", HEALTH_WINDOW));
        Path out = workDir.resolve("soak-" + scenario.backends().get(0) + "-" + scenario.backends().size() + ".out");
        Path err = out.resolveSibling(out.getFileName() + ".err");
        Process soak = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        double maxForeign = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + 3L * migrations);
        try {
            CpuLoad.Reading last = CpuLoad.read();
            while (!soak.waitFor(1, TimeUnit.SECONDS)) {
                CpuLoad.Reading now = CpuLoad.read();
                maxForeign = Math.max(maxForeign, CpuLoad.between(last, now).foreign());
                last = now;
                if (System.nanoTime() > deadline) {
                    soak.descendants().forEach(ProcessHandle::destroyForcibly);
                    soak.destroyForcibly();
                    throw new IOException("the soak for " + scenario.label() + " did not finish in time; its output"
                            + " is in " + out + " and " + err);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            soak.destroyForcibly();
            throw new IOException("interrupted while the soak ran", e);
        }
        String report = Files.readString(out, StandardCharsets.UTF_8);
        if (soak.exitValue() != 0 && !report.contains("traffic ")) {
            throw new IOException("the soak for " + scenario.label() + " failed (exit " + soak.exitValue() + "): "
                    + Files.readString(err, StandardCharsets.UTF_8).strip() + "\n" + report.strip());
        }
        return parse(scenario, report, soak.exitValue() == 0, maxForeign);
    }

    /** Reads a soak's report; package-visible for the test. */
    static SwapResult parse(SwapScenario scenario, String report, boolean clean, double maxForeign) {
        Matcher committed = COMMITTED.matcher(report);
        String traffic = report.lines().filter(l -> l.startsWith("traffic ")).findFirst()
                .map(l -> l.substring("traffic ".length()).strip()).orElse("?");
        return new SwapResult(scenario, committed.find() ? Integer.parseInt(committed.group(1)) : 0,
                figures(report, "pause"), figures(report, "quiet"), figures(report, "switch"), traffic, clean,
                maxForeign);
    }

    private static PauseFigures figures(String report, String label) {
        return PauseFigures.find(report, label).orElseThrow(() -> new IllegalStateException("the soak printed no "
                + label + " figures:\n" + report));
    }
}
