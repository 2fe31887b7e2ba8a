package dev.patchbay.bench.jmh;

import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Offer and poll on a shared-mem ring buffer in a real POSIX segment.
 *
 * <ul>
 *   <li>{@code offerThenPoll}: one thread offers a record and polls it back; the cost of the two halves of the
 *   protocol without any cache line moving between cores.
 *   <li>{@code pipe}: a producer thread and a consumer thread; {@code received} is the throughput of records
 *   through the ring, {@code full} how often the producer met back-pressure.
 * </ul>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingBufferBenchmark {
    private static final int CAPACITY = 1 << 20;

    @Param({"32", "256"})
    int messageLength;

    @Param({"false", "true"})
    boolean manyProducers;

    private SegmentRing memory;
    private RingBuffer ring;
    private ByteBuffer message;
    private final PayloadSink sink = new PayloadSink();

    @Setup(Level.Trial)
    public void setUp() {
        memory = SegmentRing.create(new RingSpec(CAPACITY, manyProducers, false));
        ring = memory.ring();
        message = ByteBuffer.allocateDirect(messageLength);
        message.putLong(0, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    /** Per-thread counts, reported as rates next to the benchmark's own. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long sent;
        public long full;
        public long received;

        @Setup(Level.Iteration)
        public void reset() {
            sent = 0;
            full = 0;
            received = 0;
        }
    }

    @Benchmark
    @Group("offerThenPoll")
    @GroupThreads(1)
    public int offerThenPoll() {
        ring.offer(1, message, 0, messageLength);
        return ring.poll(sink, 1);
    }

    @Benchmark
    @Group("pipe")
    @GroupThreads(1)
    public void producer(Counters counters) {
        if (ring.offer(1, message, 0, messageLength)) {
            counters.sent++;
        } else {
            counters.full++;
        }
    }

    @Benchmark
    @Group("pipe")
    @GroupThreads(1)
    public long consumer(Counters counters) {
        counters.received += ring.poll(sink, 256);
        return sink.sum;
    }
}
