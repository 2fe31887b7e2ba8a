package dev.patchbay.bench.jmh;

import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;

import java.util.concurrent.ThreadLocalRandom;

/** A ring buffer alone in a new POSIX segment of a random name, as the benchmarks measure it; close removes it. */
record SegmentRing(Segment segment, RingBuffer ring) implements AutoCloseable {

    static SegmentRing create(RingSpec spec) {
        String name = "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Segment segment = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, spec.requiredLength()));
        return new SegmentRing(segment, RingBuffer.create(segment.data().slice(0, spec.requiredLength()), spec));
    }

    @Override
    public void close() {
        segment.close();
    }
}
