package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The free list is rebuilt from the heap and the live entries, as after a holder of the mutex died mid-change. */
class HeapRecoveryTest {
    private Segment segment;

    @BeforeEach
    void setUp() {
        segment = Segment.open(SegmentSpec.posix(TestNames.random("heap"), OpenMode.CREATE_NEW, 64 * 1024));
    }

    @AfterEach
    void tearDown() {
        segment.close();
    }

    @Test
    void blocksNoLiveEntryPointsAtAreFreedAndMerged() {
        Region area = segment.data();
        ManagedSegment.format(area, 4);
        Heap heap = new Heap(area.buffer(), area.offset());
        long total = heap.freeBytes();
        long a = heap.allocate(100);
        long b = heap.allocate(3000);
        long c = heap.allocate(64);
        assertThat(heap.freeBytes()).isEqualTo(total - (128 + 3072 + 64 + 128));

        // b and c were allocated by a process that died before publishing their entries.
        heap.rebuild(Set.of(a));

        assertThat(heap.freeBytes()).isEqualTo(total - 128 - 64);
        long again = heap.allocate(total - 128 - 64 - 64);
        assertThat(again).as("the freed blocks and the rest merged into one").isEqualTo(b);
        assertThat(c).isGreaterThan(b);
    }
}
