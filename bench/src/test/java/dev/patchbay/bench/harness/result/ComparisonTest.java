package dev.patchbay.bench.harness.result;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComparisonTest {

    @Test
    void theRatioIsTheMedianOfRoundByRoundRatios() {
        // Rounds drift together: 100/50, 200/100, 90/100 -> ratios 2.0, 2.0, 0.9.
        Comparison c = throughput(List.of(100, 200, 90), List.of(50, 100, 100), 0.9);

        assertThat(c.ratio().median()).isCloseTo(2.0, within(1e-9));
        assertThat(c.ratio().min()).isCloseTo(0.9, within(1e-9));
        assertThat(c.oursSpread().median()).isCloseTo(100.0, within(1e-9));
        assertThat(c.meetsTarget()).contains(true);
    }

    @Test
    void latencyTargetsAreUpperBounds() {
        Target target = new Target(Mode.ROUND_TRIP, 1.2);

        assertThat(target.metBy(1.1)).isTrue();
        assertThat(target.metBy(1.3)).isFalse();
        assertThat(target.toString()).isEqualTo("≤ 1.20×");
    }

    @Test
    void aWithheldComparisonHasNoVerdict() {
        Comparison c = Comparison.withheld("shm", "ours", "theirs", 32, "one CPU", Mode.ROUND_TRIP,
                Optional.of(new Target(Mode.ROUND_TRIP, 1.0)), "spinners would share a core");

        assertThat(c.measured()).isFalse();
        assertThat(c.meetsTarget()).isEmpty();
    }

    private static Comparison throughput(List<Integer> ours, List<Integer> baseline, double target) {
        return new Comparison("pipe", "ours", "theirs", 32, "one CPU", Mode.THROUGHPUT,
                Optional.of(new Target(Mode.THROUGHPUT, target)), rounds(ours), rounds(baseline), 0,
                Optional.empty());
    }

    /** Rounds of {@code n} messages in one second, so the headline figure is {@code n}. */
    private static List<RoundResult> rounds(List<Integer> messages) {
        return messages.stream().<RoundResult>map(n -> new ThroughputRound(n, n * 32L, 1_000_000_000L)).toList();
    }
}
