package dev.patchbay.host;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.cli.Main;
import dev.patchbay.host.demo.PeerLauncher;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer cannot steer this host: its PREPARE names a module and an address, and the host's own policy decides both.
 * Two real processes, real plugin jars; the module named is always one the peer has, byte for byte, so a refusal
 * is the policy's and not an unknown hash.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerSteeringTest {
    @TempDir
    Path dir;
    private Patchbay host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    /** Starts this host and an echoing peer process over pipe:child, with the peer's extra options. */
    private Channel start(Path plugins, String... peerOptions) {
        host = Patchbay.start(HostConfig.of(plugins)
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(100))
                        .withStepTimeout(Duration.ofSeconds(60))));
        String[] args = Stream.concat(Stream.of("peer", "pipe:stdio", "--no-watch"), Stream.of(peerOptions))
                .toArray(String[]::new);
        String command = PeerLauncher.shellCommand(plugins, args);
        return host.listen(Address.of("pipe", "child", Map.of("exec", command)).toString());
    }

    /** A pin list in sha256sum format naming these files. */
    private Path pins(Path... files) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            text.append(ModuleFiles.sha256(file)).append("  ").append(file.getFileName()).append('\n');
        }
        return Files.writeString(dir.resolve("pins.sha256"), text);
    }

    private static Path jar(Path plugins, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(plugins)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static void assertRefusedByThePeer(MigrationReport report, String... why) {
        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.ABORTED);
        assertThat(report.reason()).contains("the peer refused").contains(why);
    }

    private static void assertStayedAndLostNothing(Channel channel, Traffic traffic) throws InterruptedException {
        assertThat(channel.transport().transport().scheme()).isEqualTo("pipe");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        TrafficCheck check = traffic.stop();
        assertThat(traffic.failure()).isNull();
        assertThat(check.lost(traffic.sent())).as("lost").isZero();
        assertThat(check.duplicated()).as("duplicated").isZero();
    }

    @Test
    void aPeerCannotMakeThisHostRunACommand() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = start(plugins);
        Traffic traffic = new Traffic(channel, 64, 0).start();

        // The initiator may spawn what its own user asks for; its PREPARE then asks the peer to open a pipe:child.
        MigrationReport report = host.swap(channel.name(), "pipe:child?exec=cat");

        assertRefusedByThePeer(report, "pipe:child spawns a process");
        assertStayedAndLostNothing(channel, traffic);
    }

    @Test
    void aPeersPrepareCannotLoadAModuleThePinListLeavesOut() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path pins = pins(jar(plugins, "pipe-"), jar(plugins, "fifo-1.0.0"));
        Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), plugins.resolve("fifo-1.0.1.jar"));
        Channel channel = start(plugins, "--pins", pins.toString());
        Traffic traffic = new Traffic(channel, 64, 0).start();

        // This host has no pins: it picks fifo 1.0.1, which the peer's folder holds but its pin list leaves out.
        MigrationReport report = host.swap(channel.name(), "fifo");

        assertRefusedByThePeer(report, "fifo@1.0.1", "is not in the pin list");
        assertStayedAndLostNothing(channel, traffic);
    }

    @Test
    void pinsApplyAtStartUp() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path pins = pins(jar(plugins, "pipe-"), jar(plugins, "fifo-1.0.0"));

        host = Patchbay.start(HostConfig.of(plugins).withPins(pins));

        List<ModuleInfo> modules = host.modules().list();
        assertThat(modules).filteredOn(m -> m.state() == ModuleState.STARTED).extracting(ModuleInfo::id)
                .containsExactlyInAnyOrder("pipe", "fifo");
        assertThat(modules).filteredOn(m -> m.state() == ModuleState.FAILED).hasSize(modules.size() - 2)
                .allSatisfy(m -> assertThat(m.cause()).contains("is not in the pin list " + pins));
        assertThatThrownBy(() -> host.connect("shm:anything")).isInstanceOf(AddressException.class)
                .hasMessageContaining("no backend serves 'shm:'").hasMessageContaining("shm-1.0.0.jar (not pinned)");
    }

    @Test
    void thePluginsListingShowsWhatThePinsLeaveOut() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path pins = pins(jar(plugins, "pipe-"), jar(plugins, "fifo-1.0.0"));
        StringWriter out = new StringWriter();

        int status = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "plugins",
                "--pins", pins.toString(), "--plugins-dir", plugins.toString());

        assertThat(status).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("shm-1.0.0.jar").contains("not in the pin list");
    }
}
