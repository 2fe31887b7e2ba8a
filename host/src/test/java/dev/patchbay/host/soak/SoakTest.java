package dev.patchbay.host.soak;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.Backends;
import dev.patchbay.host.demo.SoakRunner;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand migrations under continuous traffic between two real processes, across every pair of backends and
 * module versions, with a broken patch every 25th: nothing lost, repeated or reordered. Pauses are printed, not
 * asserted (the benchmark owns figures); {@code patchbay soak --migrations N} is the long mode.
 */
class SoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aThousandMigrationsLoseNothing() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = HostConfig.of(plugins)
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(10))
                        .withStepTimeout(Duration.ofSeconds(60)));
        SoakRunner.Result result;
        int targets;
        try (Patchbay host = Patchbay.start(config)) {
            // Every backend of the plugins folder that a tour takes by default (jars and native modules; those that
            // cross machines join only by name), plus fifo 1.0.1 beside fifo 1.0.0.
            targets = Backends.chosen(host.modules(), List.of(), "soak").size() + 1;
            result = new SoakRunner(host, new PrintWriter(System.out, true), 1000, 25, 20_000,
                    PeerHosts.patch("fifo-1.0.1.jar").getParent()).run();
        }
        System.out.printf("soak: switch %s; arrival gap %s; pairs %s%n", result.switchPauses(), result.arrivalGaps(),
                result.pairs());

        assertThat(result.unexpected()).isEmpty();
        assertThat(result.committed() + result.rolledBack() + result.aborted()).isEqualTo(1000);
        // A broken patch is tried every 25th migration when the channel is on a module that has one (fifo, nshm),
        // which it is less often the more backends there are; nshm's cannot open, so it aborts.
        assertThat(result.brokenPatches()).isGreaterThanOrEqualTo(10);
        assertThat(result.rolledBack() + result.aborted()).isEqualTo(result.brokenPatches());
        assertThat(result.pairs()).as("every ordered pair of backends and versions")
                .hasSize(targets * (targets - 1));
        assertThat(result.sent()).isGreaterThan(100_000);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.reordered()).isZero();
    }
}
