package dev.patchbay.bench.harness.report;

import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.RoundResult;
import dev.patchbay.bench.harness.result.ThroughputRound;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared-memory suites' ratios land in one row per wait, size and mode, each under its own baseline. */
class ShmSideBySideTest {

    @Test
    void eachSuitesRatioLandsUnderItsBaseline() {
        List<Comparison> comparisons = List.of(
                throughput("shm", 90, 100),
                throughput("shm-aeron", 90, 45),
                throughput("shm-floor", 90, 180),
                throughput("pipe", 10, 10));
        StringBuilder md = new StringBuilder();

        ShmSideBySide.append(md, comparisons);

        assertThat(md.toString())
                .contains("| wait | size | mode | vs Agrona | vs Aeron IPC | vs C floor |")
                .contains("| backoff | 32 B | throughput | 0.90× (100 msg/s) | 2.00× (45 msg/s) | 0.50× (180 msg/s) |")
                .contains("| backoff | 32 B | round trip p50 | — | — | — |")
                .doesNotContain("| spin |");
    }

    @Test
    void withoutSharedMemorySuitesThereIsNoTable() {
        StringBuilder md = new StringBuilder();

        ShmSideBySide.append(md, List.of(throughput("pipe", 10, 10)));

        assertThat(md.toString()).isEmpty();
    }

    private static Comparison throughput(String backend, int ours, int baseline) {
        return new Comparison(backend, "ours", "theirs", 32, "separate CPUs", Mode.THROUGHPUT, Optional.empty(),
                List.of(round(ours)), List.of(round(baseline)), 0, Optional.empty());
    }

    /** A round of {@code n} messages in one second, so the headline figure is {@code n}. */
    private static RoundResult round(int n) {
        return new ThroughputRound(n, n * 32L, 1_000_000_000L);
    }
}
