package dev.patchbay.bench.harness.swap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads the soak's report as the distribution prints it and turns it into the report's section. */
class SwapPauseReportTest {
    private static final String SOAK = """
            migrations  200 committed, 0 rolled back (0 broken patches tried), 0 aborted
            pairs       2: pipe@1.0.0 -> shm@1.0.0, shm@1.0.0 -> shm@1.0.0
            traffic     sent 20,577,690  lost = 0  duplicated = 0  reordered = 0 (100,000 msg/s each way)
            switch      p50 0.139 ms, p99 3.329 ms, max 3.927 ms (n=199) (SWITCH sent to the peer's SWITCH read)
            pause       p50 0.400 ms, p99 0.900 ms, max 84.189 ms (n=199) (longest gap between arrivals during each)
            quiet       p50 0.300 ms, p99 0.600 ms, max 63.776 ms (n=200) (longest gap in as long a window)
              shm@1.0.0 -> shm@1.0.0           p50 0.400 ms, p99 0.900 ms, max 84.189 ms (n=199)
            """;

    @Test
    void readsEveryDistributionOfTheSoak() {
        SwapScenario shm = SwapScenario.defaults().get(0);

        SwapResult r = SwapPauseRun.parse(shm, SOAK, true, 0.02);

        assertThat(r.migrations()).isEqualTo(200);
        assertThat(r.pause()).isEqualTo(new PauseFigures(0.4, 0.9, 84.189, 199));
        assertThat(r.quiet()).isEqualTo(new PauseFigures(0.3, 0.6, 63.776, 200));
        assertThat(r.switches().p99Millis()).isEqualTo(3.329);
        assertThat(r.traffic()).startsWith("sent 20,577,690  lost = 0");
    }

    @Test
    void theSectionGivesRatioVerdictAndCommand() {
        SwapResult r = SwapPauseRun.parse(SwapScenario.defaults().get(0), SOAK, true, 0.02);

        String md = SwapPauseReport.render(List.of(r), 200);

        assertThat(md).startsWith("## Swap pause").contains("| shm ↔ shm | 100,000 msg/s | 0.400 | 0.900 | 84.2 |",
                "| 1.50× | p99 ≤ 1.000 | meets |",
                "`target/patchbay/bin/patchbay soak --backends shm --rate 100000 --migrations 200");
    }

    @Test
    void aReportWithoutPauseFiguresIsAnErrorThatShowsIt() {
        assertThatThrownBy(() -> SwapPauseRun.parse(SwapScenario.defaults().get(0), "traffic sent 0", false, 0))
                .hasMessageContaining("no pause figures").hasMessageContaining("traffic sent 0");
    }
}
