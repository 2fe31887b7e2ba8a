package dev.patchbay.host.cli;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each failure a user meets exits in its own category with one clear line. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExitStatusTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** A loaded machine may take seconds to start a peer's side of a new link: wait long for it. */
    private static HostConfig patient(Path plugins) {
        return HostConfig.of(plugins).withControl(true)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withStepTimeout(Duration.ofSeconds(60)));
    }

    private String oneLine() {
        String text = err.toString();
        assertThat(text.strip().split("\n")).as(text).hasSize(1);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
        return text.strip();
    }

    @Test
    void controlCommandsTellAMissingChannelABadSchemeAndNothingToCancelApart() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay host = Patchbay.start(patient(plugins))) {
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            // A migration needs a thread receiving on each side to read the peer's answers.
            Traffic traffic = new Traffic(channel, 64, 1_000).start();
            String pid = Long.toString(ProcessHandle.current().pid());

            assertThat(run("swap", "c99", "fifo", "--host", pid)).isEqualTo(ExitStatus.NO_SUCH_CHANNEL);
            assertThat(oneLine()).startsWith("patchbay: no open channel 'c99' here; open channels: " + channel.name());

            assertThat(run("channels", "--watch", "--count", "2", "--interval", "300ms", "--host", pid))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("OUT MSG/S").containsPattern(channel.name()
                    + "\\s+listen\\s+\\d+\\s+OPEN\\s+pipe@1\\.0\\.0\\s+\\d+\\s+[0-9,]+\\s+[0-9,]+\\s+[0-9.]+");

            assertThat(run("swap", channel.name(), "nosuch", "--host", pid)).isEqualTo(15);
            assertThat(oneLine()).startsWith("patchbay: no backend serves 'nosuch:' here; loaded schemes:");

            assertThat(run("cancel", channel.name(), "--host", pid)).isEqualTo(ExitStatus.NOTHING_TO_DO);
            assertThat(oneLine()).isEqualTo("patchbay: channel " + channel.name() + " has no migration under way (it"
                    + " is OPEN); nothing to cancel");

            assertThat(run("swap", channel.name(), "fifo", "--host", pid, "-o", "json")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("\"outcome\" : \"COMMITTED\"").contains("\"switchMs\"");

            assertThat(run("channels", "--host", pid, "--json")).isZero();
            assertThat(out.toString()).contains("\"name\" : \"" + channel.name() + "\"")
                    .contains("\"backend\" : \"fifo\"").contains("\"role\" : \"listen\"")
                    .contains("\"lastMigration\" : \"COMMITTED\"");

            assertThat(run("modules", "--host", pid, "-o", "json")).isZero();
            assertThat(out.toString()).contains("\"id\" : \"fifo\"").contains("\"channels\" : [ \"" + channel.name());
            assertThat(traffic.stop().lost(traffic.sent())).isZero();
        }
    }

    @Test
    void aChannelToAPlainProgramCannotMoveAndSaysWhy() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay host = Patchbay.start(patient(plugins))) {
            Channel channel = host.listen("pipe:child?exec=cat");
            Traffic traffic = new Traffic(channel, 64, 1_000).start();
            String pid = Long.toString(ProcessHandle.current().pid());

            assertThat(run("swap", channel.name(), "fifo", "--host", pid)).isEqualTo(19);
            assertThat(oneLine()).contains("is a plain program, not a Patchbay host");
            traffic.stop();
        }
    }

    @Test
    void everyErrorCodeHasAStatusOfItsOwnThatScriptsCanKeepUsing() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ExitStatus::of)).doesNotHaveDuplicates()
                .doesNotContain(ExitStatus.OK, ExitStatus.PROBLEMS_FOUND, ExitStatus.USAGE, ExitStatus.NO_SUCH_CHANNEL,
                        ExitStatus.NOTHING_TO_DO, ExitStatus.NO_HOST, ExitStatus.HOST_BUSY, ExitStatus.INTERNAL_ERROR,
                        ExitStatus.CTRL_C);
        // The numbers the README documents; a change here breaks users' scripts.
        assertThat(ExitStatus.of(ErrorCode.PEER_CLOSED)).isEqualTo(10);
        assertThat(ExitStatus.of(ErrorCode.BAD_ADDRESS)).isEqualTo(15);
        assertThat(ExitStatus.of(ErrorCode.INTERRUPTED)).isEqualTo(20);
        assertThat(ExitStatus.of(ErrorCode.FOREIGN_OBJECT)).isEqualTo(25);
        assertThat(ExitStatus.table()).containsEntry("12", "corrupt input from the peer: a bad frame, a damaged log or"
                + " ring");
    }

    @Test
    void noHostIsItsOwnCategory() {
        assertThat(run("channels", "--host", "999999999")).isEqualTo(ExitStatus.NO_HOST);
        assertThat(oneLine()).startsWith("patchbay: no Patchbay host with pid 999999999 is running here");
    }

    @Test
    void aMissingPluginsFolderOrPinsFileIsRefusedByName() {
        String missing = dir.resolve("missing").toString();
        assertThat(run("soak", "--plugins-dir", missing)).isEqualTo(18);
        assertThat(oneLine()).isEqualTo("patchbay: plugins folder " + missing + " does not exist; build first"
                + " (./mvnw package), or pass --plugins-dir DIR or set PATCHBAY_PLUGINS");

        assertThat(run("listen", "fifo:x", "--pins", "/nonexistent", "--plugins-dir",
                PluginJars.distPlugins().toString())).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).startsWith("patchbay: --pins /nonexistent: no such readable file");

        assertThat(run("listen", "fifo:x", "--step-timeout", "0", "--plugins-dir",
                PluginJars.distPlugins().toString())).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString()).startsWith("patchbay: --step-timeout 0 ms: a migration step needs time");
    }

    @Test
    void theStepTimeoutReachesTheHostsMigrations() {
        SendCommand send = new SendCommand();
        new CommandLine(send).parseArgs("fifo:x", "--step-timeout", "45s");
        assertThat(send.host.config(PluginJars.distPlugins()).migrationOptions().stepTimeout())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void anUnknownAddressParameterIsRefusedNamingTheKnownOnes() {
        assertThat(run("send", "shm:typo?sise=1m", "--plugins-dir", PluginJars.distPlugins().toString()))
                .isEqualTo(15);
        assertThat(oneLine()).isEqualTo("patchbay: address 'shm:typo?sise=1m' has an unknown parameter 'sise' (did"
                + " you mean 'size'?); shm: takes flavor, maxMessage, openTimeout, size, wait");
    }

    @Test
    void timeoutZeroMeansForever() {
        SendCommand send = new SendCommand();
        new CommandLine(send).parseArgs("fifo:x", "--timeout", "0");
        assertThat(send.host.openTimeout()).isGreaterThan(Duration.ofDays(365));
        assertThat(send.host.describeTimeout()).isEqualTo("with no time limit");
    }
}
