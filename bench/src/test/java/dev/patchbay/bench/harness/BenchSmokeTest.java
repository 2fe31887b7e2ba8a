package dev.patchbay.bench.harness;

import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.LatencyRound;
import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.RoundResult;
import dev.patchbay.bench.harness.result.ThroughputRound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole harness in its quickest configuration — pipe only, one size, one short round — against the C
 * baseline the build made, and checks that it yields sane figures and a report. It asserts nothing about speed: a
 * sequence gap or a crashed peer would fail the run itself.
 */
class BenchSmokeTest {

    @Test
    void quickestPipeRunYieldsSaneFiguresAndAReport(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--backends", "pipe", "--sizes", "288", "--rounds", "1",
                "--round-ms", "100", "--warmup-ms", "100", "--rate", "1000", "--placement", "separate",
                "--retakes", "0", "--out", out.toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BenchMain.Outcome outcome = BenchMain.execute(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(outcome.comparisons()).hasSize(2).allMatch(Comparison::measured);
        for (Comparison c : outcome.comparisons()) {
            assertThat(c.ours()).hasSize(1);
            assertThat(c.baseline()).hasSize(1);
            checkSane(c.mode(), c.ours().get(0));
            checkSane(c.mode(), c.baseline().get(0));
            assertThat(c.ratio().median()).isPositive();
        }
        assertThat(Files.readString(outcome.report()))
                .contains("## pipe: Patchbay pipe vs C pipe-bench", "benchmarks.svg", "round trip p50");
        assertThat(Files.readString(outcome.chart())).startsWith("<svg").endsWith("</svg>\n");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("pipe");
    }

    private static void checkSane(Mode mode, RoundResult round) {
        if (mode == Mode.THROUGHPUT) {
            ThroughputRound t = (ThroughputRound) round;
            assertThat(t.messages()).isPositive();
            assertThat(t.bytes()).isEqualTo(t.messages() * 288);
            assertThat(t.messagesPerSecond()).isPositive();
        } else {
            LatencyRound l = (LatencyRound) round;
            // 1000 round trips per second for 100 ms.
            assertThat(l.samples()).isEqualTo(100);
            assertThat(l.percentileMicros(50)).isPositive();
        }
    }
}
