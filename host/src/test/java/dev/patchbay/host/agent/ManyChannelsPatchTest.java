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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
        HostConfig config = HostConfig.of(plugins)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(WINDOW)
                        .withStepTimeout(Duration.ofSeconds(60)));
        BlockingQueue<PatchResult> results = new LinkedBlockingQueue<>();
        try (Patchbay a = Patchbay.start(config.withWatch(true)); Patchbay b = Patchbay.start(config)) {
            a.addPatchListener(results::add);
            List<PeerHosts.Ends> ends = PeerHosts.fifoChannels(a, b, "many", CHANNELS);
            List<Channel> ours = ends.stream().map(PeerHosts.Ends::listening).toList();
            List<Channel> theirs = ends.stream().map(PeerHosts.Ends::connecting).toList();
            for (Channel c : ours) {
                c.send(ByteBuffer.allocate(4).putInt(0, 0));
            }

            Path part = plugins.resolve(".fifo-1.0.1.jar.part");
            Files.copy(PeerHosts.patch("fifo-1.0.1.jar"), part);
            Files.move(part, plugins.resolve("fifo-1.0.1.jar"), StandardCopyOption.ATOMIC_MOVE);
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
                    c.receive((s, m) -> got.add(m.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(m.position())), 8,
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
}
