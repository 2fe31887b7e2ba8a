package dev.patchbay.sharedmem.ring;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingBufferTest {
    private Segment segment;

    @BeforeEach
    void setUp() {
        segment = Segment.open(SegmentSpec.posix(TestNames.random("ring"), OpenMode.CREATE_NEW, 1 << 20));
    }

    @AfterEach
    void tearDown() {
        segment.close();
    }

    private RingBuffer ring(RingSpec spec) {
        return RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec);
    }

    private static ByteBuffer bytes(int length, int seed) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) (seed + i * 31));
        }
        return b;
    }

    private record Received(int type, byte[] payload) {
    }

    private static List<Received> drain(RingBuffer ring) {
        List<Received> out = new ArrayList<>();
        ring.poll((type, buffer, index, length) -> {
            byte[] copy = new byte[length];
            buffer.get(index, copy);
            out.add(new Received(type, copy));
        }, Integer.MAX_VALUE);
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recordsComeOutInOrderWithTypeAndPayload(boolean many) {
        RingBuffer ring = ring(new RingSpec(4096, many, false));
        assertThat(ring.offer(7, bytes(5, 1), 0, 5)).isTrue();
        assertThat(ring.offer(8, bytes(0, 0), 0, 0)).isTrue();
        assertThat(ring.offer(9, bytes(100, 3), 10, 90)).isTrue();

        List<Received> got = drain(ring);

        assertThat(got).extracting(Received::type).containsExactly(7, 8, 9);
        assertThat(got.get(0).payload()).isEqualTo(bytes(5, 1).array());
        assertThat(got.get(1).payload()).isEmpty();
        assertThat(got.get(2).payload()).isEqualTo(java.util.Arrays.copyOfRange(bytes(100, 3).array(), 10, 100));
        assertThat(ring.size()).isZero();
        assertThat(ring.isManyProducer()).isEqualTo(many);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullRingSaysSoByReturnValueAndRecoversAfterPolling(boolean many) {
        RingBuffer ring = ring(new RingSpec(1024, many, false));
        int accepted = 0;
        while (ring.offer(1, bytes(120, accepted), 0, 120)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(1024 / 128);
        assertThat(ring.tryClaim(1, 120)).isEqualTo(RingBuffer.INSUFFICIENT_CAPACITY);

        assertThat(drain(ring)).hasSize(accepted);
        assertThat(ring.offer(1, bytes(120, 0), 0, 120)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recordsThatWouldWrapArePrecededByPaddingAndArriveWhole(boolean many) {
        RingBuffer ring = ring(new RingSpec(256, many, false));
        int sent = 0;
        int received = 0;
        for (int round = 0; round < 200; round++) {
            int length = 1 + (round * 7) % 30;
            while (!ring.offer(2, bytes(length, round), 0, length)) {
                for (Received r : drain(ring)) {
                    assertThat(r.payload()).isEqualTo(bytes(r.payload().length, received).array());
                    received++;
                }
            }
            sent++;
        }
        for (Received r : drain(ring)) {
            assertThat(r.payload()).isEqualTo(bytes(r.payload().length, received).array());
            received++;
        }
        assertThat(received).isEqualTo(sent);
        assertThat(ring.producerPosition()).isGreaterThan(4L * ring.capacity());
    }

    @Test
    void aRingOnAFreshSegmentLeavesItsDataUntouchedAndStillWrapsAround() {
        RingSpec spec = RingSpec.oneToOne(4096);
        RingBuffer ring = RingBuffer.createOnZeroedMemory(segment.data().slice(0, spec.requiredLength()), spec);
        // 50 rounds of 5 records of 100 to 149 bytes go round the 4 KiB ring several times, over bytes that only
        // the records themselves (and the consumer's clearing) ever wrote.
        for (int round = 0; round < 50; round++) {
            int length = 100 + round;
            for (int i = 1; i <= 5; i++) {
                assertThat(ring.offer(i, bytes(length, round + i), 0, length)).isTrue();
            }
            List<Received> got = drain(ring);
            assertThat(got).extracting(Received::type).containsExactly(1, 2, 3, 4, 5);
            assertThat(got.get(4).payload()).isEqualTo(bytes(length, round + 5).array());
        }
    }

    @Test
    void claimCommitAndAbortWriteInPlace() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024));
        int index = ring.tryClaim(3, 8);
        ring.buffer().putLong(index, 0xCAFEL);
        int aborted = ring.tryClaim(4, 16);
        assertThat(drain(ring)).isEmpty();
        ring.commit(index);
        ring.abort(aborted);

        List<Received> got = drain(ring);

        assertThat(got).hasSize(1);
        assertThat(got.get(0).type()).isEqualTo(3);
        assertThat(ByteBuffer.wrap(got.get(0).payload()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(0xCAFEL);
    }

    @Test
    void anotherInstanceAttachedToTheRegionSharesTheRing() {
        RingSpec spec = RingSpec.manyToOne(4096).withDoorbells();
        RingBuffer producer = ring(spec);
        RingBuffer consumer = RingBuffer.attach(segment.data().slice(0, spec.requiredLength()));
        producer.offer(5, bytes(10, 5), 0, 10);

        assertThat(consumer.isManyProducer()).isTrue();
        assertThat(consumer.hasDoorbells()).isTrue();
        assertThat(consumer.capacity()).isEqualTo(4096);
        assertThat(drain(consumer)).extracting(Received::type).containsExactly(5);
    }

    @Test
    void badArgumentsAreRefusedWithTheNumbers() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024));
        assertThatThrownBy(() -> ring.offer(1, bytes(200, 0), 0, 129))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length=129").hasMessageContaining("maxMessageLength=128");
        assertThatThrownBy(() -> ring.offer(0, bytes(1, 0), 0, 1))
                .hasMessageContaining("type=0");
        assertThatThrownBy(() -> RingSpec.oneToOne(1000))
                .hasMessageContaining("capacity=1000").hasMessageContaining("power of two");
        Region small = segment.data().slice(0, 1000);
        assertThatThrownBy(() -> RingBuffer.create(small, RingSpec.oneToOne(1024)))
                .hasMessageContaining("insufficient capacity")
                .hasMessageContaining("minLength=" + (640 + 1024)).hasMessageContaining("length=1000");
        assertThatThrownBy(() -> RingBuffer.create(segment.data().slice(8, 4096), RingSpec.oneToOne(1024)))
                .hasMessageContaining("aligned to 64");
    }

    @Test
    void attachingWhereNoRingIsFails() {
        assertThatThrownBy(() -> RingBuffer.attach(segment.data().slice(4096, 4096)))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessageContaining("magic 0x0").hasMessageContaining("0x42524250");
    }

    @Test
    void aBlockedOfferTimesOutWhenNobodyPolls() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024));
        while (ring.offer(1, bytes(100, 0), 0, 100)) {
            // fill it
        }
        long start = System.nanoTime();
        boolean sent = ring.offer(1, bytes(100, 0), 0, 100, WaitStrategy.backoff(), Duration.ofMillis(50));
        assertThat(sent).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aPollWithTimeoutReturnsNothingWhenNothingComes() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024).withDoorbells());
        assertThat(ring.poll((t, b, i, l) -> { }, 10, WaitStrategy.futex(), Duration.ofMillis(30))).isZero();
    }

    @Test
    void aRecordNoProducerWritesIsRefusedAndLeftWhereItIs() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024));
        ring.offer(1, bytes(8, 0), 0, 8);
        int header = ring.region().offset() + RingBufferDescriptor.DESCRIPTOR_LENGTH + 16;
        ring.buffer().putInt(header + RecordDescriptor.TYPE_OFFSET, 1);
        ring.buffer().putInt(header, Integer.MAX_VALUE - 16);
        List<Received> got = new ArrayList<>();

        assertThatThrownBy(() -> ring.poll((t, b, i, l) -> got.add(new Received(t, new byte[l])), 10))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("position 16").hasMessageContaining("length=" + (Integer.MAX_VALUE - 16))
                .hasMessageContaining("exceeds the limit of 136 bytes");
        assertThat(got).hasSize(1);
        assertThat(ring.consumerPosition()).as("the good record is consumed, the bad one stays").isEqualTo(16);

        ring.buffer().putInt(header, 16);
        ring.buffer().putInt(header + RecordDescriptor.TYPE_OFFSET, -7);
        assertThatThrownBy(() -> ring.poll((t, b, i, l) -> { }, 10))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("type=-7");
    }

    @Test
    void capacityForARecordCountsThePaddingItWouldNeed() {
        RingBuffer ring = ring(RingSpec.oneToOne(256).withDoorbells());
        for (int i = 0; i < 7; i++) {
            assertThat(ring.offer(1, bytes(24, i), 0, 24)).isTrue();
        }
        assertThat(ring.poll((t, b, i, l) -> { }, 1)).isEqualTo(1);
        // 192 bytes in use, 64 free, the tail 32 bytes before the end: a 32-byte record fits there, but a 40-byte
        // one must pad those 32 and start again at 0, which takes 72.
        assertThat(ring.freeSpace()).isEqualTo(64);
        assertThat(ring.hasCapacityFor(24)).isTrue();
        assertThat(ring.hasCapacityFor(32)).isFalse();
        assertThat(ring.tryClaim(1, 32)).isEqualTo(RingBuffer.INSUFFICIENT_CAPACITY);
        assertThat(ring.dataDoorbell()).isNotNull();
        assertThat(ring.spaceDoorbell()).isNotNull();
        assertThatThrownBy(() -> ring.hasCapacityFor(33)).hasMessageContaining("maxMessageLength=32");
    }

    @Test
    void futexWaitNeedsDoorbells() {
        RingBuffer ring = ring(RingSpec.oneToOne(1024));
        assertThatThrownBy(() -> ring.poll((t, b, i, l) -> { }, 10, WaitStrategy.futex(), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("doorbell");
    }
}
