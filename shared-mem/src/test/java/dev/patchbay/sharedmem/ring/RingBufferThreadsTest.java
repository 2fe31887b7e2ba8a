package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.FutexWait;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Producers and a consumer on threads of one process: ordering per producer, no loss, waking by doorbell. */
class RingBufferThreadsTest {
    private Segment segment;
    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        segment = Segment.open(SegmentSpec.posix(TestNames.random("ringt"), OpenMode.CREATE_NEW, 1 << 20));
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        segment.close();
    }

    @Test
    void manyProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        RingSpec spec = RingSpec.manyToOne(64 * 1024).withDoorbells();
        RingBuffer ring = RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
        int producers = 3;
        int perProducer = 100_000;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p + 1;
            sent.add(CompletableFuture.runAsync(() -> produce(ring, producer, perProducer), threads));
        }
        long[] next = new long[producers + 1];
        long[] received = {0};
        while (received[0] < (long) producers * perProducer) {
            // A producer that failed will send nothing more: say why instead of waiting for ever.
            for (CompletableFuture<Void> producer : sent) {
                if (producer.isCompletedExceptionally()) {
                    producer.join();
                }
            }
            ring.poll((type, buffer, index, length) -> {
                long seq = buffer.getLong(index);
                assertThat(seq).isEqualTo(next[type]);
                assertThat(length).isEqualTo(RingRecords.length(seq));
                RingRecords.check(buffer, index, length, type, seq);
                next[type]++;
                received[0]++;
            }, 256, WaitStrategy.futex(), Duration.ofSeconds(10));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(next).containsExactly(0, perProducer, perProducer, perProducer);
        assertThat(ring.size()).isZero();
    }

    private static void produce(RingBuffer ring, int type, int count) {
        ByteBuffer scratch = ByteBuffer.allocate(RingRecords.MAX_LENGTH).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long seq = 0; seq < count; seq++) {
            int length = RingRecords.fill(scratch, type, seq);
            if (!ring.offer(type, scratch, 0, length, WaitStrategy.futex(), Duration.ofSeconds(10))) {
                throw new AssertionError("producer " + type + " timed out at " + seq);
            }
        }
    }

    @Test
    void aSleepingConsumerIsWokenByTheDoorbell() throws Exception {
        RingSpec spec = RingSpec.oneToOne(4096).withDoorbells();
        RingBuffer ring = RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
        // One sleep of up to 30 s: only the doorbell can end it within the few seconds allowed below.
        FutexWait longSleeps = new FutexWait(0, Duration.ofSeconds(30).toNanos());
        CompletableFuture<Integer> polled = CompletableFuture.supplyAsync(
                () -> ring.poll((t, b, i, l) -> { }, 10, longSleeps, Duration.ofSeconds(30)), threads);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> ring.region().buffer().getInt(ring.region().offset()
                        + RingBufferDescriptor.DATA_DOORBELL_OFFSET + 4) == 1);
        long start = System.nanoTime();
        ring.offer(1, ByteBuffer.allocate(8), 0, 8);
        assertThat(polled.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }
}
