package dev.patchbay.host.agent;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.MigrationOptions;
import dev.patchbay.host.channel.MigrationOutcome;
import dev.patchbay.host.channel.MigrationReport;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.sharedmem.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idle channels on shared memory with {@code wait=futex} cost the agents almost nothing: they sleep in futex_waitv
 * on the rings' doorbells and poll the peers' pidfds, and look at each channel only as a rare safety net, all of a
 * thread's channels in the same round, not four times a second; a message, a migration or the peer's death on such
 * a channel is still handled at once, without its application.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleSharedMemoryTest {
    private static final int CHANNELS = 40;
    private static final Duration WINDOW = Duration.ofSeconds(8);
    /** A quarter of a second between pairs of channels: the agents' quiet-look grid. */
    private static final Duration OPENING_PACE = Duration.ofMillis(250);
    /** Patchbay's agent threads per host. */
    private static final int AGENT_THREADS = 2;
    /** The agents' safety-net look at a quiet channel whose link gives a pidfd beside its word. */
    private static final double SAFETY_NET_SECONDS = 10;
    /** Far below the agents' ten-second safety net, far above what noticing takes on two loaded cores. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void idleFutexChannelsAreLookedAtOnlyByTheSafetyNetAndStillMigrate() throws Exception {
        // Both hosts in this process: a step takes milliseconds. Shorter than the agents' ten-second safety net,
        // so a migration that waits for it (an idle channel nobody looks at) fails here.
        HostConfig config = HostConfig.of(PeerHosts.pluginsCopy(dir.resolve("plugins")))
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(100))
                        .withStepTimeout(Duration.ofSeconds(8)));
        try (Patchbay a = Patchbay.start(config); Patchbay b = Patchbay.start(config)) {
            List<Channel> ours = new ArrayList<>();
            List<Channel> theirs = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                String address = "shm:idle-" + ProcessHandle.current().pid() + "-" + i + "?wait=futex";
                CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
                theirs.add(b.connect(address));
                ours.add(accepted.get(60, TimeUnit.SECONDS));
                if (i % 2 == 1) {
                    // Channels armed at different times, as in a host whose channels come and go: each one's safety
                    // net then falls due at its own moment, and only a shared grid keeps them to one round.
                    await().pollDelay(OPENING_PACE).atMost(OPENING_PACE.plusSeconds(30)).until(() -> true);
                }
            }
            // Once every channel has been looked at and registered on its word, the agents go quiet.
            long settled = looksSettle(a, CHANNELS);

            long before = a.agentLooks();
            long roundsBefore = a.agentRounds();
            long start = System.nanoTime();
            await().pollDelay(WINDOW).atMost(WINDOW.plusSeconds(30)).until(() -> true);
            double seconds = (System.nanoTime() - start) / 1e9;
            long looks = a.agentLooks() - before;
            long rounds = a.agentRounds() - roundsBefore;
            // Each channel end is looked at once per safety-net period, all on one grid: at most once for each grid
            // point the window crosses. By the clock alone (every 250 ms) it would be about 4 looks a second.
            assertThat(looks).as("looks at %d idle channels over %.1f s (settled after %d ms)", CHANNELS, seconds,
                    settled).isLessThanOrEqualTo(CHANNELS * ((long) (seconds / SAFETY_NET_SECONDS) + 1));
            // A round passes over all of a thread's channels and polls their pidfds, even when it looks at none:
            // one a second per thread (the longest wait) and the safety net's, not one for every quarter-second
            // grid point some channel's safety net falls on (about two a second per thread here: 34 rounds in 8 s).
            assertThat(rounds).as("agent rounds over %.1f s", seconds)
                    .isLessThanOrEqualTo(AGENT_THREADS * (long) (seconds + 3));

            for (int i = 0; i < CHANNELS; i++) {
                theirs.get(i).send(ByteBuffer.allocate(4).putInt(0, i));
            }
            Channel moved = ours.get(0);
            MigrationReport report = a.swap(moved.name(), "fifo");
            assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
            assertThat(moved.link().address().scheme()).isEqualTo("fifo");
            for (int i = 0; i < CHANNELS; i++) {
                assertThat(receiveInt(ours.get(i))).as(ours.get(i).name()).isEqualTo(i);
            }
        }
    }

    @Test
    void aPeerKilledOnAnIdleFutexChannelIsNoticedThroughItsPidfd() throws Exception {
        HostConfig config = HostConfig.of(PeerHosts.pluginsCopy(dir.resolve("plugins")))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofMillis(100))
                        .withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay host = Patchbay.start(config)) {
            Set<Long> before = children();
            Channel channel = PeerHosts.spawnEchoPeer(host, host.modules().pluginsDir());
            ProcessHandle peer = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
                    .findFirst().orElseThrow();
            try {
                MigrationReport report = host.swap(channel.name(),
                        "shm:death-" + ProcessHandle.current().pid() + "?wait=futex");
                assertThat(report.outcome()).as(report.toString()).isEqualTo(MigrationOutcome.COMMITTED);
                // Idle from here: only the agents read the channel, asleep on its word and the peer's pidfd.
                looksSettle(host, 1);
                long start = System.nanoTime();
                Signal.kill((int) peer.pid(), Signal.SIGKILL);
                await().atMost(Duration.ofSeconds(60)).until(() -> !channel.isOpen());
                // Without the pidfd the agents would notice at their next look, up to ten seconds on.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOTICED_WITHIN);
                assertThat(channel.failure()).isInstanceOf(PeerClosedException.class);
            } finally {
                peer.destroyForcibly();
            }
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Waits until the agents of {@code host} look less than twice per channel in a second; when that was. */
    private static long looksSettle(Patchbay host, int channels) {
        long start = System.nanoTime();
        long[] last = {host.agentLooks()};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = host.agentLooks();
            long delta = now - last[0];
            last[0] = now;
            return delta < 2L * channels;
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int receiveInt(Channel channel) {
        int[] got = {-1};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            channel.receive((s, m) -> got[0] = m.order(ByteOrder.BIG_ENDIAN).getInt(m.position()), 1,
                    Duration.ofMillis(50));
            return got[0] >= 0;
        });
        return got[0];
    }
}
