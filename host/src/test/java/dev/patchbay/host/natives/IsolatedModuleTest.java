package dev.patchbay.host.natives;

import dev.patchbay.api.Address;
import dev.patchbay.api.AddressException;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.demo.TrafficCheck;
import dev.patchbay.host.module.ModuleInfo;
import dev.patchbay.host.module.ModuleState;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.NativeFiles;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Native modules run in a helper process ({@code isolate=process}) between two hosts in two JVMs: messages flow
 * through the helpers' rings; a helper that dies (a fault in the module, kill -9) leaves its host running, the
 * channel back on the previous generation without a message lost, duplicated or reordered, and the module FAILED
 * naming the signal.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IsolatedModuleTest {
    /** Long enough that the crash (after 300 messages at 2,000 a second) falls inside it on a loaded machine. */
    private static final Duration HEALTH_WINDOW = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Patchbay host;
    private Traffic traffic;
    private final BlockingQueue<PatchResult> patches = new LinkedBlockingQueue<>();

    @AfterEach
    void close() throws InterruptedException {
        if (traffic != null) {
            traffic.stop();
        }
        if (host != null) {
            host.close();
        }
    }

    /** A host and an echoing peer on pipe; with {@code faulty}, nshm's highest version is one that crashes. */
    private Channel start(Duration healthWindow, boolean faulty) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        if (faulty) {
            Files.copy(NativeFiles.patch("nshm-bad-crash-later.so"), plugins.resolve("nshm-1.0.3-crash.so"));
        }
        HostConfig config = PeerHosts.patching(HostConfig.of(plugins))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(healthWindow)
                        .withStepTimeout(Duration.ofSeconds(60)));
        host = Patchbay.start(config);
        host.addPatchListener(patches::add);
        return PeerHosts.spawnEchoPeer(host, plugins);
    }

    /** A channel with traffic at {@code rate} a second each way, moved onto an isolated nshm 1.0.0. */
    private Channel isolated(Duration healthWindow, int rate) throws Exception {
        Channel channel = start(healthWindow, false);
        traffic = new Traffic(channel, 64, rate).start();
        MigrationReport onto = host.swap(channel.name(), address());
        assertThat(onto.outcome()).as(onto.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        return channel;
    }

    /** Drops the built patch {@code built} into the watched folder as {@code name}, whole; what the watcher did. */
    private PatchResult drop(String built, String name) throws Exception {
        Path plugins = host.modules().pluginsDir();
        Path temporary = plugins.resolve("." + name + ".part");
        Files.copy(NativeFiles.patch(built), temporary);
        Files.move(temporary, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return patches.poll(60, TimeUnit.SECONDS);
    }

    private static String address() {
        return "nshm:iso-" + UUID.randomUUID().toString().substring(0, 8) + "?isolate=process";
    }

    private ModuleInfo module(String version) {
        return host.modules().list().stream().filter(m -> m.id().equals("nshm") && m.version().equals(version))
                .findFirst().orElseThrow();
    }

    private static List<ProcessHandle> helpers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pbisolate")).orElse(false)).toList();
    }

    private void assertNothingLost() throws InterruptedException {
        long before = traffic.received();
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.received() > before + 100);
        TrafficCheck check = traffic.stop();
        assertThat(traffic.failure()).isNull();
        assertThat(check.lost(traffic.sent())).isZero();
        assertThat(check.duplicated()).isZero();
        assertThat(check.reordered()).isZero();
        traffic = null;
    }

    @Test
    void refusesAnIsolationItDoesNotKnow() {
        assertThatThrownBy(() -> new NshmPeerTransport().connect(Address.parse("nshm:x?isolate=thread"),
                LinkOptions.DEFAULTS)).isInstanceOf(AddressException.class)
                .hasMessageContaining("isolate='thread' is neither none nor process");
        assertThat(helpers()).as("no helper for a refused address").isEmpty();
    }

    @Test
    void carriesAChannelThroughAHelperAndBackAndAHelperEndsWithItsHost() throws Exception {
        Channel channel = start(Duration.ofMillis(200), false);
        traffic = new Traffic(channel, 3000, 2_000).start();

        MigrationReport onto = host.swap(channel.name(), "nshm:iso-" + UUID.randomUUID().toString().substring(0, 8)
                + "?isolate=process&size=64k");

        assertThat(onto.outcome()).as(onto.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        assertThat(channel.link()).isInstanceOf(IsolatedLink.class);
        assertThat(helpers()).as("one helper for the generation").hasSize(1);
        long before = traffic.received();
        await().atMost(Duration.ofSeconds(30)).until(() -> traffic.received() > before + 500);
        MigrationReport back = host.swap(channel.name(), "fifo");
        assertThat(back.outcome()).as(back.toString()).isEqualTo(MigrationOutcome.COMMITTED);
        assertNothingLost();

        // The peer's helper outlives its links (it serves the generation), but not its host: kill -9 the peer JVM.
        ProcessHandle peersHelper = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/pbisolate")).orElse(false))
                .filter(p -> p.parent().map(parent -> parent.pid() != ProcessHandle.current().pid()).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("the peer runs no helper"));
        ProcessHandle peer = peersHelper.parent().orElseThrow();
        assertThat(peer.destroyForcibly()).isTrue();
        peersHelper.onExit().get(10, TimeUnit.SECONDS);
        assertThat(helpers()).as("this host's own helper goes on").hasSize(1);
    }

    @Test
    void aPatchKeepsAChannelIsolatedAndEndsTheOldGenerationsHelper() throws Exception {
        Channel channel = isolated(Duration.ofMillis(200), 1_000);
        ProcessHandle firstHelper = helpers().get(0);

        PatchResult patch = drop("nshm-1.0.1.so", "nshm-1.0.1.so");

        assertThat(patch).as("the watcher deployed the patch").isNotNull();
        assertThat(patch.deployed()).as(patch.toString()).isTrue();
        assertThat(channel.transport().module().version()).isEqualTo("1.0.1");
        assertThat(channel.link()).isInstanceOf(IsolatedLink.class);
        assertThat(channel.link().address().param(NativeTransport.ISOLATE, "none")).isEqualTo("process");
        // The old generation is retired once no channel uses it, and its helper with it.
        firstHelper.onExit().get(30, TimeUnit.SECONDS);
        assertThat(helpers()).as("the patch's helper").hasSize(1);
        assertNothingLost();
    }

    @Test
    void aModuleThatFaultsKillsOnlyItsHelperAndTheChannelFallsBack() throws Exception {
        Channel channel = start(HEALTH_WINDOW, true);
        traffic = new Traffic(channel, 64, 2_000).start();

        MigrationReport report = host.swap(channel.name(), address());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
        assertThat(report.reason()).contains("nshm-1.0.3-crash.so's helper process").contains("SIGSEGV");
        assertThat(channel.transport().transport().scheme()).isEqualTo("pipe");
        ModuleInfo crashed = module("1.0.3-crash");
        assertThat(crashed.state()).isEqualTo(ModuleState.FAILED);
        assertThat(crashed.cause()).contains("died of SIGSEGV (signal 11)");
        assertNothingLost();
    }

    @Test
    void aPatchThatFaultsIsRejectedAndTheIsolatedChannelStaysOnItsGeneration() throws Exception {
        Channel channel = isolated(HEALTH_WINDOW, 2_000);
        ProcessHandle goodHelper = helpers().get(0);

        PatchResult patch = drop("nshm-bad-crash-later.so", "nshm-1.0.3-crash.so");

        assertThat(patch).as("the watcher tried the patch").isNotNull();
        assertThat(patch.deployed()).as(patch.toString()).isFalse();
        assertThat(patch.reason()).as(patch.toString()).contains("SIGSEGV");
        assertThat(module("1.0.3-crash").state()).isEqualTo(ModuleState.FAILED);
        assertThat(module("1.0.3-crash").cause()).contains("died of SIGSEGV (signal 11)");
        assertThat(channel.transport().module().version()).isEqualTo("1.0.0");
        assertThat(channel.link()).isInstanceOf(IsolatedLink.class);
        assertThat(goodHelper.isAlive()).as("the running generation's helper is untouched").isTrue();
        assertNothingLost();
    }

    @Test
    void aHelperKilledWithSignal9IsNoticedWithinASecond() throws Exception {
        Channel channel = start(HEALTH_WINDOW, false);
        traffic = new Traffic(channel, 64, 200).start();
        String target = address();
        // nshm 1.0.0 works: only the kill ends its helper.
        CompletableFuture<MigrationReport> moving = CompletableFuture.supplyAsync(() -> host.swap(channel.name(),
                target));
        await().atMost(Duration.ofSeconds(30)).until(() -> channel.link() instanceof IsolatedLink);
        ProcessHandle helper = helpers().get(0);

        assertThat(helper.destroyForcibly()).isTrue();
        helper.onExit().get(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> module("1.0.0").state() == ModuleState.FAILED);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> !(channel.link() instanceof IsolatedLink));
        Duration noticed = Duration.ofNanos(System.nanoTime() - killed);

        MigrationReport report = moving.get(60, TimeUnit.SECONDS);
        assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
        assertThat(module("1.0.0").cause()).contains("died of SIGKILL (signal 9)");
        assertThat(noticed).isLessThan(Duration.ofSeconds(1));
        assertThat(channel.transport().transport().scheme()).isEqualTo("pipe");
        assertNothingLost();
    }
}
