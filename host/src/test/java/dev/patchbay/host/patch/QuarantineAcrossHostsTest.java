package dev.patchbay.host.patch;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.ModuleKinds;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.cli.Main;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleRegistry;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.module.Quarantine;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A patch one host rolled back is not loaded by the next host on the same plugins folder, until released. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuarantineAcrossHostsTest {
    private static final String BROKEN = "fifo-1.0.2.jar";

    @TempDir
    Path dir;
    private Patchbay host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aRolledBackPatchStaysOutOfLaterHostsUntilReleased() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        String brokenSha = ModuleFiles.sha256(PeerHosts.patch("fifo-1.0.2-broken.jar"));
        rollBackTheBrokenPatch(plugins);

        Path file = plugins.resolve(Quarantine.FILE_NAME);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(file)
                && Files.readString(file).contains(brokenSha));
        assertThat(Files.readString(file)).contains(BROKEN).contains("rolled back");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        host.close();
        host = null;

        // Host B on the same folder: the broken patch has the highest version, yet 1.0.0 serves.
        host = Patchbay.start(HostConfig.of(plugins));
        assertThat(host.modules().resolve("fifo")).hasValueSatisfying(ref ->
                assertThat(ref.module().version()).isEqualTo("1.0.0"));
        assertThat(host.modules().list()).filteredOn(m -> m.file().getFileName().toString().equals(BROKEN))
                .singleElement().satisfies(m -> {
                    assertThat(m.state()).isEqualTo(ModuleState.QUARANTINED);
                    assertThat(m.sha256()).isEqualTo(brokenSha);
                    assertThat(m.cause()).contains("rolled back")
                            .containsPattern("quarantined \\d{4}-\\d\\d-\\d\\dT");
                });
        host.close();
        host = null;

        Run listing = run("plugins", "--plugins-dir", plugins.toString(), "-o", "json");
        assertThat(listing.out).containsPattern("\"state\" *: *\"QUARANTINED\"").contains("rolled back");
        Run table = run("plugins", "--plugins-dir", plugins.toString());
        assertThat(table.out).contains("QUARANTINED").contains("rolled back");

        Run release = run("plugins", "release", BROKEN, "--plugins-dir", plugins.toString());
        assertThat(release.status).as(release.err).isZero();
        assertThat(release.out).contains("released " + BROKEN).contains(brokenSha);
        Run again = run("plugins", "release", brokenSha.substring(0, 10), "--plugins-dir", plugins.toString());
        assertThat(again.status).isEqualTo(22);
        assertThat(again.err.strip()).startsWith("patchbay: nothing quarantined").doesNotContain("\n");

        // A third host loads it again (its links would break again; here only the listing matters).
        try (ModuleRegistry third = ModuleKinds.open(plugins)) {
            third.scan();
            assertThat(third.list()).filteredOn(m -> m.sha256().equals(brokenSha)).singleElement()
                    .extracting(ModuleInfo::state).isEqualTo(ModuleState.STARTED);
            assertThat(third.resolve("fifo")).hasValueSatisfying(ref ->
                    assertThat(ref.module().version()).isEqualTo("1.0.2-broken"));
        }
    }

    /** Host A serves a channel over fifo 1.0.0 to an echo peer, takes the broken patch and rolls it back. */
    private void rollBackTheBrokenPatch(Path plugins) throws Exception {
        BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();
        host = Patchbay.start(PeerHosts.patching(HostConfig.of(plugins)));
        host.addPatchListener(results::add);
        Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
        Traffic traffic = new Traffic(channel, 64, 20_000).start();
        MigrationReport onFifo = host.swap(channel.name(), "fifo");
        assertThat(onFifo.outcome()).as(onFifo.toString()).isEqualTo(MigrationOutcome.COMMITTED);

        Path temporary = plugins.resolve("." + BROKEN + ".part");
        Files.copy(PeerHosts.patch("fifo-1.0.2-broken.jar"), temporary);
        Files.move(temporary, plugins.resolve(BROKEN), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        PatchResult result = results.poll(60, TimeUnit.SECONDS);

        assertThat(result).as("the watcher deployed the patch").isNotNull();
        assertThat(result.deployed()).isFalse();
        assertThat(result.migrations()).extracting(MigrationReport::outcome)
                .containsExactly(MigrationOutcome.ROLLED_BACK);
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");
        assertThat(traffic.stop().lost(traffic.sent())).isZero();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }
}
