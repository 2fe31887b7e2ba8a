package dev.patchbay.host.channel;

import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An interrupt means the same on every backend: the waiting call throws {@link LinkInterruptedException}, nothing
 * is half-sent or half-read, and the channel carries on — no spinning, no broken channel, no lost sequence number.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterruptedChannelTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "shm"})
    void anInterruptedReceiveLeavesTheChannelUsable(String scheme) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            ChannelPair pair = ChannelPair.open(a, b, scheme + ":intr-r-" + ProcessHandle.current().pid());
            AtomicReference<Thread> waiting = new AtomicReference<>();
            CompletableFuture<Integer> receive = CompletableFuture.supplyAsync(() -> {
                waiting.set(Thread.currentThread());
                return pair.listener().receive((s, m) -> { }, 16, Duration.ofSeconds(60));
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> waiting.get() != null);

            waiting.get().interrupt();

            assertThatThrownBy(() -> receive.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LinkInterruptedException.class);
            assertThat(pair.listener().isOpen()).isTrue();
            pair.connector().send(ByteBuffer.wrap(new byte[] {42}));
            List<Byte> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                pair.listener().receive((s, m) -> got.add(m.get()), 16, Duration.ofMillis(100));
                return !got.isEmpty();
            });
            assertThat(got).containsExactly((byte) 42);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "shm"})
    void anInterruptedSendTakesBackItsNumberAndTheChannelCarriesOn(String scheme) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            ChannelPair pair = ChannelPair.open(a, b, scheme + ":intr-s-" + ProcessHandle.current().pid());
            AtomicLong sent = new AtomicLong();
            AtomicReference<Thread> sending = new AtomicReference<>();
            // Nobody reads yet, so the link fills and the send waits for room. Messages below PIPE_BUF, so that a
            // pipe takes each whole or not at all: a write that has begun is finished before an interrupt counts.
            CompletableFuture<Void> filling = CompletableFuture.runAsync(() -> {
                sending.set(Thread.currentThread());
                ByteBuffer message = ByteBuffer.allocate(1000);
                while (true) {
                    message.clear().putLong(0, sent.get());
                    pair.connector().send(message);
                    sent.incrementAndGet();
                }
            });
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = sent.get();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
            });

            sending.get().interrupt();

            assertThatThrownBy(() -> filling.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LinkInterruptedException.class);
            long before = sent.get();
            CompletableFuture<Long> next = CompletableFuture.supplyAsync(
                    () -> pair.connector().send(ByteBuffer.allocate(1000).putLong(0, before)));
            List<Long> got = new ArrayList<>();
            List<Long> sequences = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                pair.listener().receive((s, m) -> {
                    sequences.add(s);
                    got.add(m.order(java.nio.ByteOrder.BIG_ENDIAN).getLong(m.position()));
                }, 256, Duration.ofMillis(100));
                return got.size() == before + 1;
            });
            assertThat(next.get(10, TimeUnit.SECONDS)).as("the interrupted message's number, taken back").isEqualTo(
                    before);
            for (int i = 0; i <= before; i++) {
                assertThat(got.get(i)).isEqualTo(i);
                assertThat(sequences.get(i)).isEqualTo(i);
            }
            assertThat(pair.connector().isOpen()).isTrue();
        }
    }
}
