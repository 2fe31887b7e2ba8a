package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.contender.CommandContender;
import dev.patchbay.bench.harness.contender.Contender;
import dev.patchbay.bench.harness.contender.JavaCommand;
import dev.patchbay.bench.harness.contender.PairCommands;
import dev.patchbay.bench.harness.contender.Suite;
import dev.patchbay.bench.harness.contender.Suites;
import dev.patchbay.bench.harness.result.Comparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three suites in a row, the middle one with a sender that dies when it is asked to warm up, after it was started and
 * pinned: the report on disk holds the first suite's figures by the time the second starts, and at the end holds
 * both good suites and says which failed and why.
 */
class RunKeepsFinishedSuitesTest {

    @Test
    void aSuiteFailingMidRunLeavesEarlierFiguresOnDiskAndTheRestRuns(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--sizes", "288", "--rounds", "1", "--round-ms", "100",
                "--warmup-ms", "100", "--rate", "1000", "--placement", "separate", "--retakes", "0",
                "--out", out.toString());
        Suite pipe = Suites.all(JavaCommand.ofThisJvm(), options.cDir().toAbsolutePath(),
                options.baselinesDir().toAbsolutePath()).stream().filter(s -> s.backend().equals("pipe"))
                .findFirst().orElseThrow();
        Path report = out.resolve(BenchMain.REPORT_FILE);
        AtomicReference<String> onDiskWhenSecondStarted = new AtomicReference<>();
        Contender dies = new CommandContender("dies on warm-up", "none", false, spec -> {
            onDiskWhenSecondStarted.compareAndSet(null, read(report));
            // Its own receiver: a pid to pin and stop like any other; then it dies on the first command.
            return PairCommands.senderSpawnsReceiver(List.of("/bin/sh", "-c",
                    "echo \"ready peer=$$\"; read command; echo \"no $command today\" >&2; exit 3"));
        });
        List<Suite> suites = List.of(pipe, new Suite("broken", dies, dies, List.of()),
                new Suite("pipe-again", pipe.ours(), pipe.baseline(), pipe.targets()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BenchMain.Outcome outcome = BenchMain.execute(options, suites, false,
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        try {
            check(outcome, onDiskWhenSecondStarted.get(), Files.readString(report),
                    progress.toString(StandardCharsets.UTF_8));
            assertThat(outcome.keptWorkDir().orElseThrow().resolve("broken-patchbay-288.log")).content()
                    .contains("no warmup 100 today");
        } finally {
            if (outcome.keptWorkDir().isPresent()) {
                deleteTree(outcome.keptWorkDir().get());
            }
        }
    }

    private static void check(BenchMain.Outcome outcome, String onDiskWhenSecondStarted, String finalReport,
                              String progress) {
        assertThat(onDiskWhenSecondStarted)
                .contains("**Incomplete run**", "when 1 of 3 suites had ended", "## pipe: Patchbay pipe vs C pipe-bench",
                        "round trip p50")
                .doesNotContain("## pipe-again");
        assertThat(outcome.failures()).singleElement().satisfies(f -> {
            assertThat(f.suite()).isEqualTo("broken");
            assertThat(f.during()).isEqualTo("288 B messages");
            assertThat(f.reason()).contains("dies on warm-up", "exited with status 3 before answering 'ok'");
        });
        assertThat(outcome.comparisons()).extracting(Comparison::backend)
                .containsExactly("pipe", "pipe", "pipe-again", "pipe-again");
        assertThat(outcome.comparisons()).allMatch(Comparison::measured);
        assertThat(finalReport)
                .contains("## pipe: Patchbay pipe vs C pipe-bench", "## pipe-again: Patchbay pipe vs C pipe-bench",
                        "## Failed suites", "| broken | 288 B messages | dies on warm-up (session broken-patchbay-288)")
                .doesNotContain("Incomplete run");
        assertThat(progress).contains("failed: dies on warm-up", "no warmup");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no report)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
