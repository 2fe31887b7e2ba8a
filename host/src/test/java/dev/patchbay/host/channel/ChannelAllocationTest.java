package dev.patchbay.host.channel;

import dev.patchbay.host.Patchbay;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steady state of a channel allocates nothing per message, above its link as well as in it: after a warm-up,
 * 100,000 messages of 64 bytes from one host to another (in this JVM, over a real link), counted on the sending and
 * the receiving thread as the contract suite counts a link's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;
    private static final int TOTAL = WARM_UP + MEASURED;
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "shm"})
    void aChannelAllocatesNothingPerMessage(String scheme) throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        try (Patchbay a = Patchbay.start(plugins); Patchbay b = Patchbay.start(plugins)) {
            ChannelPair pair = ChannelPair.open(a, b, scheme + ":alloc-" + ProcessHandle.current().pid());
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> send(pair.connector()));
            long received = receive(pair.listener());
            long sender = sent.get(60, TimeUnit.SECONDS);
            String figures = String.format("%s: sender %d B (%.3f B/message), receiver %d B (%.3f B/message) over %d"
                    + " messages", scheme, sender, (double) sender / MEASURED, received, (double) received / MEASURED,
                    MEASURED);
            LoggerFactory.getLogger(ChannelAllocationTest.class).info("{}", figures);
            assertThat((double) sender / MEASURED).as("bytes per message sent (%s)", figures).isLessThan(1.0);
            assertThat((double) received / MEASURED).as("bytes per message received (%s)", figures).isLessThan(1.0);
        }
    }

    private static long send(Channel channel) {
        ByteBuffer message = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
        long before = 0;
        for (long seq = 0; seq < TOTAL; seq++) {
            if (seq == WARM_UP) {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            message.clear();
            message.putLong(0, seq);
            channel.send(message);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static long receive(Channel channel) {
        Counter counter = new Counter();
        long before = 0;
        boolean counting = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (counter.next < TOTAL) {
            if (!counting && counter.next >= WARM_UP) {
                before = THREADS.getCurrentThreadAllocatedBytes();
                counting = true;
            }
            int limit = counting ? 256 : (int) Math.min(256, WARM_UP - counter.next);
            channel.receive(counter, limit, WAIT);
            // Plain checks: an assertion object per round would be counted as the channel's.
            if (counter.wrong >= 0) {
                throw new AssertionError("message " + counter.wrong + " is out of order or not 64 bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("only " + counter.next + " of " + TOTAL + " messages in 90 s");
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** Checks the order; remembers the first wrong message instead of building a text in the loop. */
    private static final class Counter implements ChannelHandler {
        long next;
        long wrong = -1;

        @Override
        public void onMessage(long sequence, ByteBuffer message) {
            long seq = message.order(ByteOrder.LITTLE_ENDIAN).getLong(message.position());
            if (wrong < 0 && (seq != next || message.remaining() != 64)) {
                wrong = next;
            }
            next++;
        }
    }
}
