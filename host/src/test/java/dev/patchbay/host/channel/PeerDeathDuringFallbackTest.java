package dev.patchbay.host.channel;

import dev.patchbay.api.LinkOptions;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.demo.Traffic;
import dev.patchbay.host.testing.PeerHosts;
import dev.patchbay.sharedmem.posix.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that dies while the channel falls back to its old link: the channel must fail with the peer's death,
 * promptly, and not wait or spin on the old link.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PeerDeathDuringFallbackTest {
    @TempDir
    Path dir;

    @Test
    void aPeerThatDiesDuringAFallbackEndsTheChannel() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        // A generous open timeout: on two loaded cores the peer can take seconds to open its side of the new link.
        HostConfig config = HostConfig.of(plugins)
                .withLinkOptions(LinkOptions.DEFAULTS.withOpenTimeout(Duration.ofSeconds(60)))
                .withMigrationOptions(MigrationOptions.DEFAULTS.withHealthWindow(Duration.ofSeconds(30))
                        .withStepTimeout(Duration.ofSeconds(60)));
        try (Patchbay host = Patchbay.start(config)) {
            Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
            Channel channel = PeerHosts.spawnEchoPeer(host, plugins);
            ProcessHandle peer = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid())).findFirst().orElseThrow();
            Traffic traffic = new Traffic(channel, 64, 2_000).start();

            CompletableFuture<MigrationReport> migration = CompletableFuture.supplyAsync(
                    () -> host.swap(channel.name(), "fifo"));
            await().atMost(Duration.ofSeconds(90)).until(() -> channel.state() == ChannelState.PROBATION
                    || migration.isDone());
            assertThat(channel.state()).as(() -> "the migration ended early: " + migration.getNow(null))
                    .isEqualTo(ChannelState.PROBATION);
            // Freeze the peer so that it cannot answer, fall back (by cancelling in the health window): we now wait
            // for the peer's RESUME on the old link. Then the peer dies.
            Signal.kill((int) peer.pid(), Signal.SIGSTOP);
            channel.cancelMigration();
            assertThat(channel.state()).isEqualTo(ChannelState.FALLING_BACK);
            peer.destroyForcibly();

            // The death is seen on the old link within a second (the step timeouts would end it after 60 s).
            await().atMost(Duration.ofSeconds(2)).until(() -> !channel.isOpen());
            assertThat(migration).failsWithin(Duration.ofSeconds(10));
            traffic.stop();
            assertThat(traffic.failure()).isInstanceOf(dev.patchbay.api.PeerClosedException.class);
        }
    }
}
