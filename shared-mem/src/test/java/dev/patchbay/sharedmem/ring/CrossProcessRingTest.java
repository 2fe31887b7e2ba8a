package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producers in other JVMs, the consumer here: millions of records of varying size, every byte checked, order per
 * producer kept, nothing lost.
 */
class CrossProcessRingTest {
    private final Cleanup cleanup = new Cleanup();
    private final String name = TestNames.random("ringx");

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    private RingBuffer ring(RingSpec spec) {
        Segment segment = cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW,
                spec.requiredLength())));
        return RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
    }

    @Test
    void oneProducerProcessSleepingOnFutexes() {
        RingBuffer ring = ring(RingSpec.oneToOne(256 * 1024).withDoorbells());
        consume(ring, WaitStrategy.futex(), 500_000, "futex");
    }

    @Test
    void twoProducerProcessesBackingOff() {
        RingBuffer ring = ring(RingSpec.manyToOne(256 * 1024));
        consume(ring, WaitStrategy.backoff(), 300_000, "backoff", "backoff");
    }

    private void consume(RingBuffer ring, WaitStrategy wait, int perProducer, String... producerWaits) {
        List<ChildJvm> producers = new ArrayList<>();
        for (int id = 1; id <= producerWaits.length; id++) {
            producers.add(cleanup.add(ChildJvm.start("produce", name, Integer.toString(perProducer),
                    Integer.toString(id), producerWaits[id - 1])));
        }
        long[] next = new long[producerWaits.length + 1];
        long total = (long) perProducer * producerWaits.length;
        long received = 0;
        // Enough records to wrap the ring dozens of times; a deadline that two loaded cores meet (three busy
        // processes share them), while a stuck ring still fails rather than hangs.
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (received < total) {
            assertThat(System.nanoTime()).as("received %d of %d in time", received, total).isLessThan(deadline);
            received += ring.poll((type, buffer, index, length) -> {
                long seq = buffer.getLong(index);
                if (seq != next[type]) {
                    throw new AssertionError("producer " + type + ": record " + seq + " after " + (next[type] - 1));
                }
                RingRecords.check(buffer, index, length, type, seq);
                next[type]++;
            }, 1000, wait, Duration.ofSeconds(1));
        }
        for (ChildJvm p : producers) {
            assertThat(p.expect("DONE", Duration.ofSeconds(30))).isEqualTo("DONE " + perProducer);
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isZero();
        }
        for (int id = 1; id < next.length; id++) {
            assertThat(next[id]).isEqualTo(perProducer);
        }
        assertThat(ring.size()).isZero();
        assertThat(ring.isReadable()).isFalse();
    }
}
