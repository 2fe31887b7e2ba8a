package dev.patchbay.host.faults;

import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite in small: two kills per peer situation (idle and traffic between them see pipe, fifo, shm and
 * nshm), two robust-lock holders, two mmap writers and two readers and a damaged record, 30 swaps under load.
 * Every kill is noticed within the limit, every count is exact, nothing is lost and nothing is left after gc. The
 * long mode is {@code patchbay faults}, which writes docs/RELIABILITY.md.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultSuiteTest {
    private static final int ROUNDS = 2;
    private static final int SWAPS = 30;

    @Test
    void everyKillIsNoticedNothingIsLostAndNothingIsLeftBehind() throws Exception {
        FaultSettings settings = new FaultSettings(PluginJars.distPlugins(), List.of(FaultGroup.values()), ROUNDS,
                SWAPS, 2_000, Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(1));
        List<GroupResult> results = new FaultSuite(settings, new PrintWriter(System.out, true)).run();

        assertThat(results).extracting(GroupResult::group).containsExactly(FaultGroup.values());
        for (GroupResult r : results) {
            assertThat(r.failures()).as("%s: failures", r.group()).isEmpty();
            assertThat(r.leftovers()).as("%s: left after gc", r.group()).isEmpty();
        }
        assertThat(group(results, FaultGroup.PEER).noticed().count()).as("peer kills noticed")
                .isEqualTo(ROUNDS * PeerSituation.values().length);
        assertThat(group(results, FaultGroup.LOCK).noticed().count()).as("lock holders recovered").isEqualTo(ROUNDS);
        assertThat(group(results, FaultGroup.MMAP).noticed().count()).as("mmap kills noticed").isEqualTo(2 * ROUNDS);
        assertThat(group(results, FaultGroup.MMAP).notes()).anySatisfy(n -> assertThat(n)
                .startsWith("damage: records 0-9 delivered, then reported"));
        assertThat(group(results, FaultGroup.SWAPS).rounds()).isGreaterThanOrEqualTo(SWAPS);
        for (GroupResult r : results) {
            assertThat(r.noticed().percentile(100)).as("%s: slowest notice", r.group())
                    .isLessThanOrEqualTo(settings.noticeLimit().toNanos());
        }
    }

    private static GroupResult group(List<GroupResult> results, FaultGroup group) {
        return results.stream().filter(r -> r.group() == group).findFirst().orElseThrow();
    }
}
