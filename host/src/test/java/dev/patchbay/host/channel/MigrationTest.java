package dev.patchbay.host.channel;

import dev.patchbay.api.Address;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.TransportRef;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.demo.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Live migration between two real processes while both keep sending. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationTest {
    // A short health window, and steps long enough for a peer JVM on two loaded cores to load a module.
    private static final MigrationOptions QUICK = MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(100))
            .withStepTimeout(Duration.ofSeconds(60));

    @TempDir
    Path dir;
    private Patchbay host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Channel start(Path hostPlugins, Path peerPlugins) {
        host = Patchbay.start(HostConfig.of(hostPlugins).withMigrationOptions(QUICK));
        return PeerHosts.spawnEchoPeer(host, peerPlugins);
    }

    private static void assertNothingLost(Traffic traffic) throws InterruptedException {
        TrafficCheck check = traffic.stop();
        assertThat(traffic.failure()).isNull();
        assertThat(traffic.sent()).isPositive();
        assertThat(check.lost(traffic.sent())).as("lost").isZero();
        assertThat(check.duplicated()).as("duplicated").isZero();
        assertThat(check.reordered()).as("reordered").isZero();
    }

    @Test
    void movesALiveChannelBetweenBackendsWithoutLosingAMessage() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = start(plugins, plugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();
        for (String target : new String[] {"fifo", "pipe", "fifo", "fifo", "pipe"}) {
            long before = traffic.received();
            MigrationReport report = host.swap(channel.name(), target);
            assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
            assertThat(channel.transport().transport().scheme()).isEqualTo(target);
            assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> traffic.received() > before + 1000);
        }
        assertNothingLost(traffic);
        assertThat(channel.counters().migrationsCommitted()).isEqualTo(5);
    }

    @Test
    void rollsBackAPatchThatBreaksItsLinksInTheHealthWindow() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = start(plugins, plugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();
        MigrationReport first = host.swap(channel.name(), "fifo");
        assertThat(first.outcome()).as(first.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        Path broken = Files.copy(PeerHosts.patch("fifo-1.0.2-broken.jar"), plugins.resolve("fifo-1.0.2-broken.jar"));
        BackendModule patch = host.modules().load(broken);
        assertThat(patch.state()).isEqualTo(ModuleState.STARTED);

        // The broken patch drops its link after 500 sends. The window must outlast them however slowly loaded cores
        // send: a link that breaks after COMMIT went out cannot be rolled back (the peer may have let the old one
        // go). A failure ends the window at once, so a long one costs nothing here.
        MigrationReport report = channel.migrate(new TransportRef(patch, patch.transport("fifo").orElseThrow()),
                Address.parse("fifo:broken-" + ProcessHandle.current().pid()),
                QUICK.withHealthWindow(Duration.ofSeconds(30)));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
        // Either side may notice first; the peer's RESUME carries its reason, so both name the new link.
        assertThat(report.reason()).contains("new link");
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");
        // Rejected on the host's maintenance thread, never on the thread that carried the migration.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> patch.state() == ModuleState.FAILED);
        assertThat(patch.info().cause()).contains("rolled back");
        long before = traffic.received();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> traffic.received() > before + 1000);
        assertNothingLost(traffic);
    }

    @Test
    void abortsWhenThePeerLacksTheModuleAndSaysSo() throws Exception {
        Path hostPlugins = PeerHosts.pluginsCopy(dir.resolve("host-plugins"));
        Path peerPlugins = PeerHosts.pluginsCopy(dir.resolve("peer-plugins"));
        Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), hostPlugins.resolve("fifo-1.0.1.jar"));
        Channel channel = start(hostPlugins, peerPlugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();

        MigrationReport report = host.swap(channel.name(), "fifo");

        assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
        assertThat(report.reason()).contains("the peer refused").contains("lacks module fifo@1.0.1");
        assertThat(channel.transport().transport().scheme()).isEqualTo("pipe");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertNothingLost(traffic);
    }

    @Test
    void abortsWhenTheNewBackendCannotOpen() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = start(plugins, plugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();
        TransportRef fifo = host.modules().resolve("fifo").orElseThrow();
        try (var squatter = fifo.transport().listen(dev.patchbay.api.Address.parse("fifo:taken"),
                dev.patchbay.api.LinkOptions.DEFAULTS)) {
            MigrationReport report = host.swap(channel.name(), "fifo:taken");
            assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
            assertThat(report.reason()).contains("already being listened on");
            assertThat(squatter.address().name()).isEqualTo("taken");
        }
        assertThat(host.swap(channel.name(), "fifo").outcome()).isEqualTo(MigrationOutcome.COMMITTED);
        assertNothingLost(traffic);
    }

    @Test
    void aNewLinkThatCarriedMoreThanCanBeKeptIsTrustedWithoutWaitingOutItsWindow() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = start(plugins, plugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> traffic.received() > 100);
        // 64 KiB of copies is a few hundred frames: far less than the traffic sends in a minute's window.
        MigrationOptions keepLittle = new MigrationOptions(Duration.ofSeconds(60), Duration.ofSeconds(60), 64 << 10);

        Address target = Address.parse("fifo:overflow-" + ProcessHandle.current().pid());
        MigrationReport report = channel.migrate(host.transportFor(target), target, keepLittle);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        // From the switch, when the window starts: the opening before it may take long on loaded cores.
        MigrationPhases phases = report.phases();
        assertThat(phases.switched()).as(phases.toString()).isPositive();
        assertThat(Duration.ofNanos(phases.committed() - phases.switched()))
                .as("ended by the overflow, not by the 60 s window: " + phases).isLessThan(Duration.ofSeconds(30));
        assertNothingLost(traffic);
    }
}
