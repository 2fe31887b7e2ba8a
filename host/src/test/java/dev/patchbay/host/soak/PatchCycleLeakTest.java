package dev.patchbay.host.soak;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.PatchCycles;
import dev.patchbay.host.demo.PatchCycles.Footprint;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.demo.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.patchbay.host.module.ModuleState;

import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class-loader leaks are the first complaint of plugin hosts: after hundreds of patch cycles under traffic, loaded
 * classes and metaspace must stay within 5% of where they were after the first two hundred, and no old jar may stay open.
 * {@code patchbay soak --patch-cycles 1000} is the long mode.
 */
class PatchCycleLeakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void patchCyclesLeaveNoClassesMetaspaceOrOpenJarsBehind() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = HostConfig.of(plugins)
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ZERO)
                        .withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay host = Patchbay.start(config)) {
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            Traffic traffic = new Traffic(channel, 64, 10_000).start();
            host.swap(channel.name(), "fifo");
            PatchCycles cycles = new PatchCycles(host, channel, plugins.resolve("fifo-1.0.0.jar"));

            // The first hundred or so cycles also warm up the JIT, whose profiles live in metaspace: measure after.
            cycles.run(200);
            Footprint warm = PatchCycles.measure();
            cycles.run(400);
            Footprint after = PatchCycles.measure();
            System.out.printf("patch cycles: after 200: %d classes, %d KiB metaspace; after 600: %d classes,"
                    + " %d KiB metaspace%n", warm.loadedClasses(), warm.metaspaceBytes() / 1024,
                    after.loadedClasses(), after.metaspaceBytes() / 1024);

            assertThat((double) after.loadedClasses()).isLessThanOrEqualTo(warm.loadedClasses() * 1.05);
            assertThat((double) after.metaspaceBytes()).isLessThanOrEqualTo(warm.metaspaceBytes() * 1.05);
            List<String> inUse = host.modules().modules().stream()
                    .filter(m -> m.state() == ModuleState.STARTED)
                    .map(m -> m.id() + "-" + m.version() + "-g" + m.generation() + ".jar")
                    .toList();
            assertThat(after.openJarCopies()).as("open jar copies: only generations still started " + inUse)
                    .allMatch(path -> inUse.contains(Path.of(path).getFileName().toString()));
            assertThat(traffic.stop().lost(traffic.sent())).isZero();
            assertThat(traffic.failure()).isNull();
        }
    }
}
