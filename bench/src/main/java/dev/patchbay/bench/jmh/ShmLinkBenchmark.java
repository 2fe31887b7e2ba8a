package dev.patchbay.bench.jmh;

import dev.patchbay.api.Acceptor;
import dev.patchbay.api.Address;
import dev.patchbay.api.Link;
import dev.patchbay.api.LinkOptions;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.sync.CloseGate;
import dev.patchbay.transport.shm.ShmTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The shm link's send and receive paths in one process and one thread, both ends of a real link (two rings of
 * 1 MiB in a POSIX segment, as the bench harness's shm suites use), beside the bare ring operations on a ring of the
 * same size. One thread means no cache line crosses cores: what is measured is the instructions per message, the
 * part of a cross-process message that the code, not the hardware, decides.
 *
 * <ul>
 *   <li>{@code ringOfferThenPoll}: a record offered to a bare shared-mem ring and polled back: the floor under the
 *   link in Java.
 *   <li>{@code linkSendThenReceive}: one message sent on one end and received on the other: both halves of the
 *   link for one message, everything the link adds to the ring included.
 *   <li>{@code linkSend16ThenReceive16}: sixteen sends, then one receive of up to sixteen, per message: what a
 *   stream pays when a receive finds several messages.
 *   <li>{@code linkReceiveEmpty}: a receive that finds nothing: what each idle poll of a waiting side costs.
 *   <li>{@code closeGateSend}: entering and leaving the close gate as every send does (two volatile stores, each a
 *   full fence on x86), alone.
 * </ul>
 *
 * <p>Run with {@code -prof gc} to see the bytes allocated per message ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShmLinkBenchmark {
    private static final int RING_CAPACITY = 1 << 20;
    private static final int BATCH = 16;

    @Param({"32", "288"})
    int messageLength;

    @Param({"spin"})
    String wait;

    private Link listener;
    private Link connector;
    private SegmentRing ringMemory;
    private RingBuffer ring;
    private ByteBuffer message;
    private final CloseGate gate = new CloseGate(() -> { });
    private final PayloadSink sink = new PayloadSink();

    @Setup(Level.Trial)
    public void setUp() {
        String name = "bench-jmh-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Address address = Address.parse("shm:" + name + "?size=1m&wait=" + wait);
        ShmTransport transport = new ShmTransport();
        try (Acceptor acceptor = transport.listen(address, LinkOptions.DEFAULTS)) {
            connector = transport.connect(address, LinkOptions.DEFAULTS);
            listener = acceptor.accept(Duration.ofSeconds(5));
        }
        ringMemory = SegmentRing.create(new RingSpec(RING_CAPACITY, false, false));
        ring = ringMemory.ring();
        message = ByteBuffer.allocateDirect(messageLength);
        message.putLong(0, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        connector.close();
        listener.close();
        ringMemory.close();
    }

    @Benchmark
    public int ringOfferThenPoll() {
        ring.offer(1, message, 0, messageLength);
        return ring.poll(sink, 1);
    }

    @Benchmark
    public int linkSendThenReceive() {
        connector.send(message.clear());
        return listener.receive(sink, 1, 0L);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int linkSend16ThenReceive16() {
        for (int i = 0; i < BATCH; i++) {
            connector.send(message.clear());
        }
        return listener.receive(sink, BATCH, 0L);
    }

    @Benchmark
    public int linkReceiveEmpty() {
        return listener.receive(sink, 1, 0L);
    }

    @Benchmark
    public boolean closeGateSend() {
        boolean entered = gate.enterSend();
        gate.exitSend();
        return entered;
    }
}
