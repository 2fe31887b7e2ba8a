package dev.patchbay.host.agent;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.patch.PatchResult;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounded version of the scale bench: a patch dropped into the folder moves every one of 140 idle channels to
 * the new generation, and no message sent before or after is lost, repeated or reordered. 140 is far more than the
 * channels a patch opens at once and than the two agent threads that serve them; and all 139 after the canary wait
 * out their health windows side by side, which a patch that held a thread per channel through its window (128 at a
 * time) could not do. 200 took half as long again to set up and proved nothing more.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyChannelsPatchTest {
    private static final int CHANNELS = 140;
    /** Long enough that every channel after the canary opens within the first one's window, even on a busy CI. */
    private static final Duration WINDOW = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void aPatchMovesManyIdleChannelsWithTheirHealthWindowsSideBySide() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = patient(plugins, WINDOW);
        BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();
        try (Patchbay a = Patchbay.start(config.withWatch(true)); Patchbay b = Patchbay.start(config)) {
            a.addPatchListener(results::add);
            List<PeerHosts.Ends> ends = PeerHosts.fifoChannels(a, b, "many", CHANNELS);
            List<Channel> ours = ends.stream().map(PeerHosts.Ends::listening).toList();
            List<Channel> theirs = ends.stream().map(PeerHosts.Ends::connecting).toList();
            for (Channel c : ours) {
                c.send(ByteBuffer.allocate(4).putInt(0, 0));
            }

            drop(plugins, "fifo-1.0.1.jar", "fifo-1.0.1.jar");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(ours.stream().filter(c -> c.state() == ChannelState.PROBATION))
                            .as("channels in their health windows at once").hasSize(CHANNELS - 1));
            PatchResult patch = results.poll(240, TimeUnit.SECONDS);

            assertThat(patch).as("the watcher deployed the patch").isNotNull();
            assertThat(patch.deployed()).as(patch.reason()).isTrue();
            assertThat(patch.migrations()).hasSize(CHANNELS)
                    .allMatch(r -> r.outcome() == MigrationOutcome.COMMITTED, "committed");
            assertThat(ours).allMatch(c -> c.transport().module().version().equals("1.0.1"), "on 1.0.1");
            for (Channel c : ours) {
                c.send(ByteBuffer.allocate(4).putInt(0, 1));
            }
            for (Channel c : theirs) {
                List<Integer> got = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    c.receive((s, m) -> got.add(m.order(ByteOrder.BIG_ENDIAN).getInt(m.position())), 8,
                            Duration.ofMillis(50));
                    return got.size() >= 2;
                });
                assertThat(got).as(c.name()).containsExactly(0, 1);
                assertThat(c.transport().module().version()).isEqualTo("1.0.1");
            }
            long slowest = patch.migrations().stream().mapToLong(MigrationReport::totalNanos).max().orElse(0);
            assertThat(slowest).isPositive();
        }
    }

    /**
     * The channels after the canary open their new links while it is in its health window, and switch only once it
     * commits: when it is rolled back instead, they are aborted having never switched, and every message arrives once
     * and in order on the old generation.
     */
    @Test
    void aPatchThatFailsOnItsCanaryNeverSwitchesTheOthers() throws Exception {
        int channels = 12;
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        HostConfig config = patient(plugins, Duration.ofSeconds(60));
        BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();
        try (Patchbay a = Patchbay.start(config.withWatch(true)); Patchbay b = Patchbay.start(config)) {
            a.addPatchListener(results::add);
            List<PeerHosts.Ends> ends = PeerHosts.fifoChannels(a, b, "canary", channels);
            List<Channel> ours = ends.stream().map(PeerHosts.Ends::listening).toList();
            for (Channel c : ours) {
                c.send(ByteBuffer.allocate(4).putInt(0, 0));
            }

            // It breaks a link after 500 messages sent on it.
            drop(plugins, "fifo-1.0.2-broken.jar", "fifo-1.0.2.jar");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                assertThat(ours.stream().filter(c -> c.state() == ChannelState.PROBATION)).as("the canary").hasSize(1);
                assertThat(ours.stream().filter(Channel::awaitingSwitch))
                        .as("the others, holding new links they have not switched to").hasSize(channels - 1);
            });
            Channel canary = ours.stream().filter(c -> c.state() == ChannelState.PROBATION).findFirst().orElseThrow();
            int onCanary = 600;
            for (int i = 1; i <= onCanary; i++) {
                canary.send(ByteBuffer.allocate(4).putInt(0, i));
            }
            PatchResult patch = results.poll(120, TimeUnit.SECONDS);

            assertThat(patch).as("the watcher tried the patch").isNotNull();
            assertThat(patch.deployed()).isFalse();
            assertThat(patch.reason()).contains(canary.name()).contains("deliberately broken");
            assertThat(patch.migrations()).hasSize(channels);
            assertThat(patch.migrations()).filteredOn(r -> r.channel().equals(canary.name()))
                    .extracting(MigrationReport::outcome).containsExactly(MigrationOutcome.ROLLED_BACK);
            assertThat(patch.migrations()).filteredOn(r -> !r.channel().equals(canary.name()))
                    .allSatisfy(r -> {
                        assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ABORTED);
                        assertThat(r.reason()).as(r.toString()).contains("not switched").contains(canary.name());
                        assertThat(r.phases().ready()).as("it held its new link").isPositive();
                        assertThat(r.phases().switched()).as("it never switched").isZero();
                    });
            for (Channel c : ours) {
                assertThat(c.transport().module().version()).as(c.name()).isEqualTo("1.0.0");
                c.send(ByteBuffer.allocate(4).putInt(0, c == canary ? onCanary + 1 : 1));
            }
            for (PeerHosts.Ends end : ends) {
                int last = end.listening() == canary ? onCanary + 1 : 1;
                List<Integer> got = new ArrayList<>();
                Channel c = end.connecting();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    c.receive((seq, m) -> got.add(m.order(ByteOrder.BIG_ENDIAN).getInt(m.position())),
                            1024, Duration.ofMillis(50));
                    return got.size() > last;
                });
                assertThat(got).as(c.name()).isEqualTo(IntStream.rangeClosed(0, last).boxed().toList());
                assertThat(c.transport().module().version()).isEqualTo("1.0.0");
            }
        }
    }

    /** Timeouts long enough for a busy CI, and the given health window. */
    private static HostConfig patient(Path plugins, Duration window) {
        return HostConfig.of(plugins)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(window)
                        .withStepTimeout(Duration.ofSeconds(60)));
    }

    /** Drops a patch jar into the folder as a deployer would: whole, under its final name, at once. */
    private static void drop(Path plugins, String patch, String as) throws Exception {
        Path part = plugins.resolve("." + as + ".part");
        Files.copy(PeerHosts.patch(patch), part);
        Files.move(part, plugins.resolve(as), StandardCopyOption.ATOMIC_MOVE);
    }
}
