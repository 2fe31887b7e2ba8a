package dev.patchbay.host.channel;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The generation a migration moves to counts as in use from the moment it is chosen: retiring it while the new link
 * opens would close the class loader under that open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetGenerationInUseTest {
    @TempDir
    Path dir;

    @Test
    void anOlderGenerationARollbackMovesToIsNotRetiredWhileTheMigrationOpens() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), plugins.resolve("fifo-1.0.1.jar"));
        HostConfig config = HostConfig.of(plugins).withMigrationOptions(
                MigrationOptions.DEFAULTS.withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay a = Patchbay.start(config); Patchbay b = Patchbay.start(config)) {
            ChannelPair pair = ChannelPair.open(a, b, "fifo:target-" + ProcessHandle.current().pid());
            Channel channel = pair.listener();
            assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
            BackendModule older = a.modules().modules().stream()
                    .filter(m -> m.id().equals(channel.transport().module().id()) && m.version().equals("1.0.0"))
                    .findFirst().orElseThrow();
            AtomicBoolean stop = new AtomicBoolean();
            Thread receiver = new Thread(() -> {
                while (!stop.get()) {
                    channel.receive((s, m) -> { }, 16, Duration.ofMillis(20));
                }
            });
            receiver.start();
            // The peer's application is stuck in its handler, so nothing there reads PREPARE: the migration stays
            // in PREPARING as long as the test needs.
            StuckReader peer = new StuckReader(pair.connector());
            peer.stick(channel);
            CompletableFuture<MigrationReport> moving = CompletableFuture.supplyAsync(() -> a.migrate(channel,
                    a.transportFor("fifo", ModuleSpec.of(older))));
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.state() == ChannelState.PREPARING);

            a.retireUnused();

            assertThat(older.state()).as("a superseded generation that a migration is opening").isEqualTo(
                    ModuleState.STARTED);
            channel.cancelMigration();
            assertThat(moving.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(MigrationOutcome.ABORTED);
            // Once the migration ended nothing uses it; a generation asked for by its hash is still spared for a
            // grace period (it may be about to be claimed), after which a retiring pass takes it.
            assertThat(older.state()).isIn(ModuleState.STARTED, ModuleState.RETIRED);
            stop.set(true);
            receiver.join();
            peer.close();
        }
    }
}
