package dev.patchbay.host.natives;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.TestTrust;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot patching a native module as an operator does it, under traffic between two processes: a new library renamed
 * into the plugins folder of a running host, which migrates the channel to it and unloads the old one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativePatchTest {
    @TempDir
    Path dir;
    private Patchbay host;
    private final BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    /** Copy under a temporary name, then rename into the folder: the watcher never sees half a file. */
    private PatchResult drop(Path library, String name) throws Exception {
        Path temporary = host.modules().pluginsDir().resolve("." + name + ".part");
        Files.copy(library, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, host.modules().pluginsDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        PatchResult result = results.poll(60, TimeUnit.SECONDS);
        assertThat(result).as("the watcher deployed " + name).isNotNull();
        return result;
    }

    @Test
    void patchesNshmUnderTrafficUnloadsTheOldLibraryAndRefusesBadOnes() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        host = Patchbay.start(PeerHosts.patching(HostConfig.of(plugins)));
        host.addPatchListener(results::add);
        Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
        Traffic traffic = new Traffic(channel, 64, 20_000).start();
        MigrationReport onto = host.swap(channel.name(), "nshm");
        assertThat(onto.outcome()).as(onto.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        NativeModule original = (NativeModule) channel.transport().module();
        Path originalCopy = original.loadedFrom().orElseThrow();
        assertThat(original.version()).isEqualTo("1.0.0");
        assertThat(NativeFiles.mapped(originalCopy)).isTrue();

        PatchResult patch = drop(NativeFiles.patch("nshm-1.0.1.so"), "nshm-1.0.1.so");

        assertThat(patch.deployed()).as(patch.toString()).isTrue();
        assertThat(patch.migrations()).extracting(MigrationReport::outcome).containsExactly(MigrationOutcome.COMMITTED);
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(((NativeLink) channel.link()).stats()).as("the patch's new counters").containsKey("waits");
        assertThat(original.state()).isEqualTo(ModuleState.RETIRED);
        // Really unloaded: the dynamic loader no longer maps the old generation's copy (kept for a rollback).
        assertThat(NativeFiles.mapped(originalCopy)).as(originalCopy + " in /proc/self/maps").isFalse();
        assertThat(originalCopy).exists();
        assertThat(plugins.resolve("nshm-1.0.0.so")).exists();

        PatchResult broken = drop(NativeFiles.patch("nshm-1.0.2-broken.so"), "nshm-1.0.2.so");

        assertThat(broken.deployed()).isFalse();
        assertThat(broken.migrations()).extracting(MigrationReport::outcome).containsExactly(MigrationOutcome.ABORTED);
        assertThat(broken.reason()).contains("nshm-1.0.2.so: pb_listen(nshm:")
                .contains("nshm 1.0.2-broken is deliberately broken: it cannot open links");
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(host.modules().list()).anyMatch(m -> m.version().equals("1.0.2-broken")
                && m.state() == ModuleState.FAILED && m.cause().startsWith("patch rolled back"));

        PatchResult foreignAbi = drop(NativeFiles.patch("nshm-bad-abi.so"), "nshm-9.0.0.so");
        assertThat(foreignAbi.deployed()).isFalse();
        assertThat(foreignAbi.reason()).startsWith("nshm-9.0.0.so was built for native ABI 99");
        // Trusted, as a user would, so that what is refused is the file itself.
        Files.copy(TestTrust.trust(Files.writeString(dir.resolve("junk.so"), "not a library")),
                plugins.resolve("junk.so"));
        PatchResult junk = results.poll(60, TimeUnit.SECONDS);
        assertThat(junk).isNotNull();
        assertThat(junk.reason()).startsWith("junk.so is not a shared library");

        // The kept copy of 1.0.0 loads again as a new generation: a rollback is a migration like any other.
        MigrationReport rollback = host.rollback(channel.name());
        assertThat(rollback.outcome()).as(rollback.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");
        assertThat(channel.transport().module()).isNotSameAs(original);

        TrafficCheck check = traffic.stop();
        assertThat(traffic.failure()).isNull();
        assertThat(check.received()).isPositive();
        assertThat(check.lost(traffic.sent())).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.reordered()).isZero();
    }
}
