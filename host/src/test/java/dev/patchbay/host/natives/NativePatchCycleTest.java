package dev.patchbay.host.natives;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.PatchCycles;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hundred patch cycles of nshm under traffic: each loads the library again as a new generation, moves the
 * channel onto it and retires the old one. What must not grow: libraries mapped (each retired one is unloaded) and
 * the binding classes JNA holds (slots are reused).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativePatchCycleTest {
    @TempDir
    Path dir;

    @Test
    void patchCyclesUnloadEveryOldLibraryAndReuseTheirBindings() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = HostConfig.of(plugins)
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ZERO)
                        .withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay host = Patchbay.start(config)) {
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            Traffic traffic = new Traffic(channel, 64, 10_000).start();
            host.swap(channel.name(), "nshm");
            int slots = BindingSlots.defined();

            new PatchCycles(host, channel, plugins.resolve("nshm-1.0.0.so")).run(100);

            assertThat(mappedCopies()).as("nshm copies in /proc/self/maps").hasSize(1);
            // One more generation than before at most, with two bindings each: the ABI and pb_send_timeout.
            assertThat(BindingSlots.defined()).as("binding classes defined").isLessThanOrEqualTo(slots + 2);
            assertThat(channel.counters().migrationsCommitted()).isGreaterThanOrEqualTo(101);
            TrafficCheck check = traffic.stop();
            assertThat(traffic.failure()).isNull();
            assertThat(check.lost(traffic.sent())).isZero();
            assertThat(check.duplicated()).isZero();
            assertThat(check.reordered()).isZero();
        }
    }

    /** The private copies of nshm the dynamic loader has mapped into this process. */
    private static List<String> mappedCopies() throws Exception {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.contains("/modules/") && p.contains("nshm-1.0.0-g"))
                    .distinct().toList();
        }
    }
}
