package dev.patchbay.host.control;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.cli.Main;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.demo.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI driving a running host through its control socket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControlSocketTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void listsSwapsAndRollsBackThroughTheSocket() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), plugins.resolve("fifo-1.0.1.jar"));
        HostConfig config = HostConfig.of(plugins).withControl(true)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(50))
                        .withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay host = Patchbay.start(config)) {
            Path socket = host.controlSocket().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            Traffic traffic = new Traffic(channel, 64, 50_000).start();
            String pid = Long.toString(ProcessHandle.current().pid());

            assertThat(cli("channels", "--host", pid)).isZero();
            assertThat(out.toString()).containsPattern(channel.name() + "\\s+OPEN\\s+pipe\\s+pipe@1\\.0\\.0");

            assertThat(cli("swap", channel.name(), "fifo", "--host", pid)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("COMMITTED").contains("fifo@1.0.1");

            assertThat(cli("modules", "--host", pid)).isZero();
            assertThat(out.toString()).containsPattern("fifo\\s+1\\.0\\.1\\s+STARTED\\s+fifo\\s+[0-9a-f]{16}\\s+"
                    + channel.name());

            assertThat(cli("rollback", channel.name(), "--host", pid)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("COMMITTED").contains("pipe@1.0.0");
            assertThat(channel.transport().module().label()).isEqualTo("pipe@1.0.0");

            assertThat(cli("swap", "c99", "fifo", "--host", pid)).isNotZero();
            assertThat(err.toString()).startsWith("patchbay: no open channel 'c99' here").doesNotContain("\tat ");

            assertThat(traffic.stop().lost(traffic.sent())).isZero();
        }
        assertThat(cli("channels", "--host", Long.toString(ProcessHandle.current().pid()))).isNotZero();
        assertThat(err.toString()).contains("no Patchbay host with pid");
    }
}
