package dev.patchbay.host.module;

import dev.patchbay.api.ErrorCode;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.MisbehavingPlugins;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Modules that hang or throw in an open: every open is bounded, the module is abandoned and marked FAILED, the
 * channel stays on its link and can migrate again, a cancel is immediate, and a module that hangs on every attempt
 * costs one thread, not one per attempt. Real jars loaded from disk, real fifos.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HangingModuleTest {
    private static final MigrationOptions TWO_SECOND_STEPS = MigrationOptions.DEFAULTS
            .withStepTimeout(Duration.ofSeconds(2)).withHealthWindow(Duration.ofMillis(100));

    @TempDir
    Path dir;

    private Patchbay a;
    private Patchbay b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aSwapToAModuleWhoseListenHangsIsAbortedAndTheModuleFailed() throws Exception {
        Channel channel = openPair(TWO_SECOND_STEPS, false);
        BackendModule hanging = a.modules().load(jar("listen-hangs.jar", MisbehavingPlugins.HANG,
                MisbehavingPlugins.realConnect()));

        long start = System.nanoTime();
        MigrationReport report = a.swap(channel.name(), "fifo");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
        assertThat(report.reason()).contains("fifo@1.0.3").contains("listen on fifo:").contains("did not return");
        assertThat(hanging.state()).isEqualTo(ModuleState.FAILED);
        assertThat(hanging.info().cause()).isEqualTo("listen did not return within 3.4 s");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        // Not wedged: the next swap goes to the good generation.
        assertThat(a.swap(channel.name(), "fifo").outcome()).isEqualTo(MigrationOutcome.COMMITTED);
        assertEchoes(channel);
    }

    @Test
    void cancelAbandonsAMigrationStuckInListenAtOnce() throws Exception {
        Channel channel = openPair(TWO_SECOND_STEPS.withStepTimeout(Duration.ofSeconds(60)), false);
        a.modules().load(jar("listen-hangs.jar", MisbehavingPlugins.HANG, MisbehavingPlugins.realConnect()));
        // Calls of earlier tests may hang still: this one's is the one more.
        long before = hangingCalls();
        CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(() -> a.swap(channel.name(), "fifo"));
        await().atMost(Duration.ofSeconds(30)).until(() -> hangingCalls() > before);
        assertThat(channel.state()).isEqualTo(ChannelState.PREPARING);

        long start = System.nanoTime();
        channel.cancelMigration();

        MigrationReport report = swap.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
        assertThat(report.reason()).isEqualTo("cancelled");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertEchoes(channel);
    }

    @Test
    void cancelOnThePeerAbandonsAConnectThatHangsThere() throws Exception {
        Channel channel = openPair(TWO_SECOND_STEPS.withStepTimeout(Duration.ofSeconds(60)), false);
        Path jar = jar("connect-hangs.jar", MisbehavingPlugins.realListen(), MisbehavingPlugins.HANG);
        a.modules().load(jar);
        b.modules().load(jar);
        Channel peer = b.channels().get(0);
        long before = hangingCalls();
        CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(() -> a.swap(channel.name(), "fifo"));
        await().atMost(Duration.ofSeconds(30)).until(() -> hangingCalls() > before);
        assertThat(peer.state()).isEqualTo(ChannelState.PREPARING);

        peer.cancelMigration();

        MigrationReport report = swap.get(10, TimeUnit.SECONDS);
        assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
        assertThat(report.reason()).contains("cancelled on the peer");
        assertThat(peer.state()).isEqualTo(ChannelState.OPEN);
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertEchoes(channel);
    }

    @Test
    void aHangingPatchIsRejectedAndAGoodOneDroppedAfterItIsDeployed() throws Exception {
        Channel channel = openPair(TWO_SECOND_STEPS, true);
        BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();
        a.addPatchListener(results::add);

        drop(jar("listen-hangs.jar", MisbehavingPlugins.HANG, MisbehavingPlugins.realConnect()), "fifo-1.0.3.jar");
        PatchResult hung = results.poll(60, TimeUnit.SECONDS);
        assertThat(hung).isNotNull();
        assertThat(hung.deployed()).isFalse();
        assertThat(hung.reason()).contains("did not return");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);

        drop(PeerHosts.patch("fifo-1.0.1.jar"), "fifo-1.0.1.jar");
        PatchResult good = results.poll(60, TimeUnit.SECONDS);
        assertThat(good).isNotNull();
        assertThat(good.deployed()).as(good.reason()).isTrue();
        assertThat(channel.transport().module().label()).isEqualTo("fifo@1.0.1");
        assertEchoes(channel);
    }

    @Test
    void aConnectThatHangsOnThePeerCostsOneThreadNotOnePerAttempt() throws Exception {
        Channel channel = openPair(TWO_SECOND_STEPS, false);
        Path jar = jar("connect-hangs.jar", MisbehavingPlugins.realListen(), MisbehavingPlugins.HANG);
        a.modules().load(jar);
        BackendModule onPeer = b.modules().load(jar);
        // Other tests in this JVM may have left calls behind in their own modules.
        long before = hangingCalls();

        MigrationReport first = a.swap(channel.name(), "fifo");
        assertThat(first.outcome()).isEqualTo(MigrationOutcome.ABORTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> onPeer.state() == ModuleState.FAILED);
        assertThat(onPeer.info().cause()).isEqualTo("connect did not return within 3.4 s");
        for (int i = 0; i < 3; i++) {
            MigrationReport again = a.swap(channel.name(), "fifo");
            assertThat(again.outcome()).isEqualTo(MigrationOutcome.ABORTED);
            assertThat(again.reason()).contains("will not use module").contains("connect did not return");
        }
        assertThat(hangingCalls() - before).isEqualTo(1);
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertEchoes(channel);
    }

    @Test
    void aTransportThatThrowsIsReportedAsABrokenModuleByName() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        a = Patchbay.start(HostConfig.of(plugins).withWatch(false));
        a.modules().load(jar("throws.jar", MisbehavingPlugins.THROW, MisbehavingPlugins.THROW));
        String address = "fifo:throws-" + ProcessHandle.current().pid();

        assertThatThrownBy(() -> a.connect(address))
                .isInstanceOfSatisfying(PatchbayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE_MODULE))
                .hasMessageContaining("module fifo@1.0.3 failed to connect to " + address)
                .hasMessageContaining("this backend exploded");
        assertThatThrownBy(() -> a.listen(address))
                .isInstanceOfSatisfying(PatchbayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE_MODULE))
                .hasMessageContaining("module fifo@1.0.3 failed to listen on " + address);
    }

    /** Two hosts on one plugins folder and the channel between them over fifo 1.0.0; a leads and may watch. */
    private Channel openPair(MigrationOptions options, boolean watch) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = HostConfig.of(plugins).withMigrationOptions(options);
        a = Patchbay.start(config.withWatch(watch));
        b = Patchbay.start(config.withWatch(false));
        String address = "fifo:hang-" + ProcessHandle.current().pid();
        CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
        Channel peer = b.connect(address);
        Thread echo = new Thread(() -> {
            while (peer.isOpen()) {
                try {
                    peer.receive((s, m) -> peer.send(m), 16, Duration.ofMillis(50));
                } catch (PatchbayException e) {
                    return;
                }
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        return accepted.get(30, TimeUnit.SECONDS);
    }

    private static void assertEchoes(Channel channel) {
        channel.send(ByteBuffer.wrap("ping".getBytes()));
        byte[][] got = new byte[1][];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            channel.receive((s, m) -> {
                got[0] = new byte[m.remaining()];
                m.get(got[0]);
            }, 1, Duration.ofMillis(100));
            return got[0] != null;
        });
        assertThat(new String(got[0])).isEqualTo("ping");
    }

    private Path jar(String name, String listen, String connect) throws Exception {
        return MisbehavingPlugins.fifo(Files.createDirectories(dir.resolve("work")), dir.resolve(name), listen,
                connect);
    }

    private void drop(Path jar, String name) throws Exception {
        Path folder = a.modules().pluginsDir();
        Path temporary = folder.resolve("." + name + ".part");
        Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Threads stuck in a misbehaving module's call that never returns. */
    private static long hangingCalls() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("test.Misbehaving")
                        && f.getMethodName().equals("hang")))
                .count();
    }
}
