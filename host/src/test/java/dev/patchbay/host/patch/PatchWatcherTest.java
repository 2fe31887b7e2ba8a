package dev.patchbay.host.patch;

import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.module.BackendModule;
import dev.patchbay.host.module.ModuleFiles;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.host.testing.TestTrust;
import dev.patchbay.host.demo.JarVariant;
import dev.patchbay.host.demo.Traffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Patch deployment as a user does it: a jar renamed into the plugins folder of a running host. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PatchWatcherTest {
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

    private Traffic traffic;

    /** Starts the host, a peer and traffic (a channel migrates only while both sides receive), then moves to fifo. */
    private Channel startOnFifo(HostConfig config) {
        host = Patchbay.start(PeerHosts.patching(config));
        host.addPatchListener(results::add);
        Channel channel = PeerHosts.spawnEchoPeer(host, config.pluginsDir());
        traffic = new Traffic(channel, 64, 20_000).start();
        MigrationReport report = host.swap(channel.name(), "fifo");
        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        return channel;
    }

    /** Deploys the way an operator would: copy under a temporary name, then rename into the folder. */
    private PatchResult drop(Path jar, String name) throws Exception {
        Path temporary = host.modules().pluginsDir().resolve("." + name + ".part");
        Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, host.modules().pluginsDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        PatchResult result = results.poll(60, TimeUnit.SECONDS);
        assertThat(result).as("the watcher deployed " + name).isNotNull();
        return result;
    }

    @Test
    void deploysAPatchRollsBackABrokenOneAndUnloadsTheOldGeneration() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = startOnFifo(HostConfig.of(plugins));
        BackendModule original = channel.transport().module();
        WeakReference<ClassLoader> originalLoader =
                new WeakReference<>(channel.transport().implementation().getClass().getClassLoader());

        PatchResult patch = drop(PeerHosts.patch("fifo-1.0.1.jar"), "fifo-1.0.1.jar");

        assertThat(patch.deployed()).as(patch.toString()).isTrue();
        assertThat(patch.migrations()).extracting(MigrationReport::outcome).containsExactly(MigrationOutcome.COMMITTED);
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(original.state()).isEqualTo(ModuleState.RETIRED);
        original = null;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return originalLoader.get() == null;
        });
        assertThat(openFiles("fifo-1.0.0")).isEmpty();

        PatchResult broken = drop(PeerHosts.patch("fifo-1.0.2-broken.jar"), "fifo-1.0.2.jar");

        assertThat(broken.deployed()).isFalse();
        assertThat(broken.migrations()).extracting(MigrationReport::outcome)
                .containsExactly(MigrationOutcome.ROLLED_BACK);
        assertThat(broken.reason()).contains("deliberately broken");
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(host.modules().list()).anyMatch(m -> m.version().equals("1.0.2-broken")
                && m.state() == ModuleState.FAILED && m.cause().contains("rolled back"));

        // Trusted, as a user would, so that what is refused is the file itself.
        Files.copy(TestTrust.trust(Files.write(dir.resolve("junk.jar"), "not a jar".getBytes())),
                host.modules().pluginsDir().resolve("junk.jar"));
        PatchResult junk = results.poll(60, TimeUnit.SECONDS);
        assertThat(junk).isNotNull();
        assertThat(junk.deployed()).isFalse();
        assertThat(junk.reason()).contains("not a jar file");

        MigrationReport rollback = host.rollback(channel.name());
        assertThat(rollback.outcome()).isEqualTo(MigrationOutcome.COMMITTED);
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");

        var check = traffic.stop();
        assertThat(traffic.failure()).isNull();
        assertThat(check.lost(traffic.sent())).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.reordered()).isZero();
    }

    @Test
    void refusesAPatchThatIsNotPinned() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Path pins = dir.resolve("pins.sha256");
        // Pins apply to every load: the modules the host starts with, and the one patch it may take.
        StringBuilder sums = new StringBuilder();
        try (var jars = Files.list(plugins)) {
            for (Path jar : jars.toList()) {
                sums.append(ModuleFiles.sha256(jar)).append("  ").append(jar.getFileName()).append('\n');
            }
        }
        sums.append(ModuleFiles.sha256(PeerHosts.patch("fifo-1.0.1.jar"))).append("  fifo-1.0.1.jar\n");
        Files.writeString(pins, sums);
        Channel channel = startOnFifo(HostConfig.of(plugins).withPins(pins));

        PatchResult refused = drop(PeerHosts.patch("fifo-1.0.2-broken.jar"), "fifo-1.0.2.jar");
        assertThat(refused.deployed()).isFalse();
        assertThat(refused.reason()).contains("not in the pin list");
        assertThat(refused.migrations()).isEmpty();

        PatchResult pinned = drop(PeerHosts.patch("fifo-1.0.1.jar"), "fifo-1.0.1.jar");
        assertThat(pinned.deployed()).isTrue();
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(traffic.stop().lost(traffic.sent())).isZero();
    }

    @Test
    void refusesAnUntrustedPatchAndDeploysItOnceTrusted() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        Channel channel = startOnFifo(HostConfig.of(plugins));
        // The same code under another SHA-256: what a tampered or home-built copy of the patch looks like.
        Path copy = dir.resolve("fifo-1.0.1-rebuilt.jar");
        JarVariant.write(PeerHosts.patch("fifo-1.0.1.jar"), "rebuilt elsewhere " + System.nanoTime(), copy);

        PatchResult refused = drop(copy, "fifo-1.0.1.jar");
        assertThat(refused.deployed()).isFalse();
        assertThat(refused.reason()).startsWith("not trusted").contains("patchbay plugins trust "
                + plugins.resolve("fifo-1.0.1.jar"));
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");

        // Trusting it is enough: the running host looks again at the file it refused, and so does the peer.
        TestTrust.trust(plugins.resolve("fifo-1.0.1.jar"));
        PatchResult trusted = results.poll(60, TimeUnit.SECONDS);
        assertThat(trusted).as("the watcher deployed the file once trusted").isNotNull();
        assertThat(trusted.deployed()).as(trusted.reason()).isTrue();
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(host.modules().list()).filteredOn(m -> m.file().getFileName().toString().equals("fifo-1.0.1.jar"))
                .singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(ModuleState.STARTED));
        assertThat(traffic.stop().lost(traffic.sent())).isZero();
    }

    static java.util.List<String> openFiles(String text) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.contains(text)).toList();
        }
    }
}
