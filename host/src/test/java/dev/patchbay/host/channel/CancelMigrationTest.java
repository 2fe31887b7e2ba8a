package dev.patchbay.host.channel;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A migration is visible while it runs, and can be cancelled. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelMigrationTest {
    @TempDir
    Path dir;

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aMigrationInTransitionCanBeCancelled() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            String address = "fifo:cancel-" + ProcessHandle.current().pid();
            CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> a.listen(address));
            Channel peer = b.connect(address);
            Channel channel = accepted.get(10, TimeUnit.SECONDS);
            AtomicBoolean stop = new AtomicBoolean();
            Thread receiver = new Thread(() -> {
                while (!stop.get()) {
                    channel.receive((s, m) -> { }, 16, Duration.ofMillis(20));
                }
            });
            receiver.start();
            // The peer's application sits in its handler, inside receive (so no agent reads for it): it never reads
            // PREPARE, and the migration waits in PREPARING.
            CountDownLatch inHandler = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread stuck = new Thread(() -> peer.receive((s, m) -> {
                inHandler.countDown();
                awaitQuietly(release);
            }, 1, Duration.ofSeconds(30)));
            stuck.start();
            channel.send(ByteBuffer.wrap(new byte[] {1}));
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            CompletableFuture<MigrationReport> swap = CompletableFuture.supplyAsync(
                    () -> a.swap(channel.name(), "fifo"));
            await().atMost(Duration.ofSeconds(5)).until(() -> channel.state() == ChannelState.PREPARING);
            assertThat(channel.state().inTransition()).isTrue();

            channel.cancelMigration();

            MigrationReport report = swap.get(5, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(MigrationOutcome.ABORTED);
            assertThat(report.reason()).isEqualTo("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
            assertThat(channel.transport().transport().scheme()).isEqualTo("fifo");
            release.countDown();
            stuck.join();
            stop.set(true);
            receiver.join();
            assertThat(peer.isOpen()).isTrue();
        }
    }
}
