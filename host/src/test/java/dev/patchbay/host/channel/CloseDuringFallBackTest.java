package dev.patchbay.host.channel;

import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.host.HostConfig;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Closing a channel while it falls back wakes every sender that waits for the peer's RESUME, at once and with
 * "closed" — not after two step timeouts with a migration error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseDuringFallBackTest {
    @TempDir
    Path dir;

    @Test
    void closeWakesSendersWaitingForTheResume() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        // Long steps and a long health window: without the fix, the waiting sender would hang for two minutes.
        HostConfig config = HostConfig.of(plugins).withMigrationOptions(MigrationOptions.DEFAULTS
                .withStepTimeout(Duration.ofSeconds(60)).withHealthWindow(Duration.ofSeconds(60)));
        try (Patchbay a = Patchbay.start(config); Patchbay b = Patchbay.start(config)) {
            ChannelPair pair = ChannelPair.open(a, b, "fifo:fallback-" + ProcessHandle.current().pid());
            Channel channel = pair.listener();
            StuckReader peer = new StuckReader(pair.connector());
            AtomicBoolean receives = new AtomicBoolean(true);
            Thread receiver = receiving(channel, receives);
            CompletableFuture<MigrationReport> moving = CompletableFuture.supplyAsync(
                    () -> a.swap(channel.name(), "fifo"));
            await().atMost(Duration.ofSeconds(30)).until(() -> channel.state() == ChannelState.PROBATION);
            // The peer stops reading: our RESUME goes unanswered, so senders here wait for it.
            peer.stick(channel);
            channel.cancelMigration();
            assertThat(channel.state()).isEqualTo(ChannelState.FALLING_BACK);
            Thread[] sending = new Thread[1];
            CompletableFuture<Long> send = CompletableFuture.supplyAsync(() -> {
                sending[0] = Thread.currentThread();
                return channel.send(ByteBuffer.wrap(new byte[] {1}));
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> sending[0] != null
                    && sending[0].getState() == Thread.State.TIMED_WAITING);

            long start = System.nanoTime();
            channel.close();

            assertThatThrownBy(() -> send.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LinkClosedException.class).hasMessageContaining("closed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThatThrownBy(() -> moving.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(PatchbayException.class)
                    .hasMessageContaining("closed");
            receives.set(false);
            receiver.join();
            peer.close();
        }
    }

    private static Thread receiving(Channel channel, AtomicBoolean on) {
        Thread t = new Thread(() -> {
            try {
                while (on.get()) {
                    channel.receive((s, m) -> { }, 16, Duration.ofMillis(20));
                }
            } catch (PatchbayException e) {
                // Closed under us: the test checks the senders.
            }
        });
        t.start();
        return t;
    }
}
