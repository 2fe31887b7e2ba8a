package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingSpec;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.SharedMutex;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import dev.patchbay.sharedmem.typed.ScalarType;
import dev.patchbay.sharedmem.typed.SharedArray;
import dev.patchbay.sharedmem.typed.SharedLong;
import dev.patchbay.sharedmem.typed.SharedStruct;
import dev.patchbay.sharedmem.typed.StructLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedSegmentTest {
    private static final StructLayout STATS = StructLayout.builder().int64("sent").int64("received")
            .bytes("last", 16).build();

    private final Cleanup cleanup = new Cleanup();
    private final String name = TestNames.random("managed");

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    private ManagedSegment open(OpenMode mode) {
        return cleanup.add(ManagedSegment.open(SegmentSpec.posix(name, mode, 256 * 1024), 8));
    }

    @Test
    void twoHandlesMeetAtNames() {
        ManagedSegment a = open(OpenMode.CREATE_NEW);
        ManagedSegment b = open(OpenMode.OPEN_EXISTING);

        a.construct("counter", ObjectType.sharedLong(false)).set(41);
        RingBuffer ring = a.construct("orders-ring", ObjectType.ring(RingSpec.manyToOne(4096)));
        a.construct("stats", ObjectType.struct(STATS, true)).setString("last", "hello");

        assertThat(b.find("counter", ObjectType.sharedLong(false))).map(SharedLong::incrementAndGet).contains(42L);
        RingBuffer ringB = b.findOrConstruct("orders-ring", ObjectType.ring(RingSpec.manyToOne(4096)));
        assertThat(ringB.region().offset()).isEqualTo(ring.region().offset());
        ringB.offer(3, ByteBuffer.allocate(4), 0, 4);
        assertThat(ring.poll((t, buf, i, l) -> assertThat(t).isEqualTo(3), 10)).isEqualTo(1);
        SharedStruct stats = b.find("stats", ObjectType.struct(STATS, true)).orElseThrow();
        assertThat(stats.getString("last")).isEqualTo("hello");
        assertThat(b.entries()).extracting(ManagedEntry::name).containsExactlyInAnyOrder("counter", "orders-ring",
                "stats");
        assertThat(b.find("missing", ObjectType.sharedLong(false))).isEmpty();
    }

    @Test
    void objectsStartOnCacheLinesAndDoNotOverlap() {
        ManagedSegment m = open(OpenMode.CREATE_NEW);
        m.construct("a", ObjectType.bytes(1));
        m.construct("b", ObjectType.array(ScalarType.INT32, 100, true));
        m.construct("c", ObjectType.mutex());
        long previousEnd = 0;
        for (ManagedEntry e : m.entries().stream().sorted(java.util.Comparator.comparingLong(ManagedEntry::offset))
                .toList()) {
            assertThat(e.offset() % 64).isZero();
            assertThat(e.offset()).isGreaterThanOrEqualTo(previousEnd);
            previousEnd = e.offset() + e.size();
        }
    }

    @Test
    void aNameIsTakenOnceAndTypesAreChecked() {
        ManagedSegment m = open(OpenMode.CREATE_NEW);
        m.construct("x", ObjectType.sharedLong(false));
        assertThatThrownBy(() -> m.construct("x", ObjectType.sharedLong(false)))
                .isInstanceOf(ObjectExistsException.class);
        assertThatThrownBy(() -> m.find("x", ObjectType.struct(STATS, false)))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessageContaining("'x' is LONG").hasMessageContaining("asked for STRUCT");
        assertThatThrownBy(() -> m.find("x", ObjectType.sharedLong(true)))
                .isInstanceOf(IncompatibleLayoutException.class);
        assertThatThrownBy(() -> m.find("../x", ObjectType.sharedLong(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }

    @Test
    void destroyFreesMemoryForReuseAndMergesNeighbours() {
        ManagedSegment m = open(OpenMode.CREATE_NEW);
        long free = m.freeBytes();
        m.construct("a", ObjectType.bytes(1000));
        m.construct("b", ObjectType.bytes(5000));
        m.construct("c", ObjectType.bytes(64));
        assertThat(m.freeBytes()).isLessThan(free - 6000);
        assertThat(m.destroy("b")).isTrue();
        assertThat(m.destroy("b")).isFalse();
        assertThat(m.destroy("a")).isTrue();
        assertThat(m.destroy("c")).isTrue();
        assertThat(m.freeBytes()).isEqualTo(free);
        assertThat(m.entries()).isEmpty();
        assertThat(m.generation()).isEqualTo(6);
        // One block again: something as large as the whole heap fits.
        m.construct("big", ObjectType.bytes((int) free - 64));
    }

    @Test
    void fullDirectoryAndFullHeapAreClearErrors() {
        ManagedSegment m = open(OpenMode.CREATE_NEW);
        for (int i = 0; i < 8; i++) {
            m.construct("o" + i, ObjectType.mutex());
        }
        assertThatThrownBy(() -> m.construct("o8", ObjectType.mutex()))
                .isInstanceOf(SharedMemException.class).hasMessageContaining("full: capacity=8");
        m.destroy("o0");
        assertThatThrownBy(() -> m.construct("huge", ObjectType.bytes(10 << 20)))
                .hasMessageContaining("insufficient capacity").hasMessageContaining("needed=" + (10 << 20));
    }

    @Test
    void findOrConstructMakesOnceAcrossHandles() {
        ManagedSegment a = open(OpenMode.OPEN_OR_CREATE);
        ManagedSegment b = open(OpenMode.OPEN_OR_CREATE);
        SharedArray first = a.findOrConstruct("xs", ObjectType.array(ScalarType.INT64, 4, false));
        first.setLong(3, 7);
        SharedArray second = b.findOrConstruct("xs", ObjectType.array(ScalarType.INT64, 4, false));
        assertThat(second.getLong(3)).isEqualTo(7);
        SharedMutex lock = b.findOrConstruct("lock", ObjectType.mutex());
        assertThat(lock.tryLock().acquired()).isTrue();
        lock.unlock();
    }
}
