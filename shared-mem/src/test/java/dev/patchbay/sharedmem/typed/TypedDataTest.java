package dev.patchbay.sharedmem.typed;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypedDataTest {
    private Segment segment;

    @BeforeEach
    void setUp() {
        segment = Segment.open(SegmentSpec.posix(TestNames.random("typed"), OpenMode.CREATE_NEW, 64 * 1024));
    }

    @AfterEach
    void tearDown() {
        segment.close();
    }

    private Region at(int offset, int length) {
        return segment.data().slice(offset, length);
    }

    @Test
    void valuesAreSharedBetweenViewsAndSupportAtomicOperations() {
        SharedLong l = SharedLong.create(at(0, 8), false, 40);
        SharedLong same = SharedLong.attach(at(0, 8), false);
        assertThat(same.incrementAndGet()).isEqualTo(41);
        assertThat(l.compareAndSet(41, 50)).isTrue();
        assertThat(l.compareAndSet(41, 60)).isFalse();
        assertThat(l.getAndAdd(5)).isEqualTo(50);
        assertThat(same.get()).isEqualTo(55);

        SharedInt i = SharedInt.create(at(64, 4), false, -3);
        assertThat(i.addAndGet(10)).isEqualTo(7);
        assertThat(i.getAndSet(9)).isEqualTo(7);

        SharedDouble d = SharedDouble.create(at(128, 8), false, 1.5);
        assertThat(d.addAndGet(2.25)).isEqualTo(3.75);
        assertThat(d.compareAndSet(3.75, -0.0)).isTrue();
        assertThat(d.compareAndSet(0.0, 1.0)).as("CAS compares bits: -0.0 is not 0.0").isFalse();

        SharedBoolean b = SharedBoolean.create(at(192, 4), false, false);
        assertThat(b.compareAndSet(false, true)).isTrue();
        assertThat(SharedBoolean.attach(at(192, 4), false).get()).isTrue();
        assertThat(segment.data().buffer().getInt(segment.data().offset() + 192)).isEqualTo(1);
    }

    @Test
    void aLockedValueHasItsMutexFirstAndRunsUnderIt() {
        SharedLong l = SharedLong.create(at(0, SharedLong.requiredLength(true)), true, 0);
        assertThat(SharedLong.requiredLength(true)).isEqualTo(72);
        assertThat(l.lock()).isPresent();
        l.withLock(() -> l.setPlain(l.getPlain() + 1));
        long seen = l.withLock(l::getPlain);
        assertThat(seen).isEqualTo(1);
        assertThat(segment.data().buffer().getLong(segment.data().offset() + 64)).isEqualTo(1);
        SharedLong unlocked = SharedLong.create(at(128, 8), false, 0);
        assertThatThrownBy(() -> unlocked.withLock(() -> { })).hasMessageContaining("without a lock");
    }

    @Test
    void arraysCheckTypeAndBounds() {
        SharedArray a = SharedArray.create(at(0, SharedArray.requiredLength(ScalarType.INT64, 10, false)),
                ScalarType.INT64, 10, false);
        a.setLong(9, 99);
        assertThat(a.getAndAddLong(9, 1)).isEqualTo(99);
        assertThat(SharedArray.attach(at(0, 80), ScalarType.INT64, 10, false).getLong(9)).isEqualTo(100);
        assertThatThrownBy(() -> a.getLong(10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 10").hasMessageContaining("length 10");
        assertThatThrownBy(() -> a.getInt(0)).hasMessageContaining("holds INT64, not INT32");

        SharedArray doubles = SharedArray.create(at(128, 24), ScalarType.FLOAT64, 3, false);
        doubles.setDouble(2, 2.5);
        assertThat(doubles.compareAndSetDouble(2, 2.5, 3.5)).isTrue();
        assertThat(doubles.getDouble(2)).isEqualTo(3.5);
    }

    @Test
    void structsAreLaidOutAsCWould() {
        StructLayout mixed = StructLayout.builder().int32("a").int64("b").int32("c").build();
        assertThat(mixed.field("b").offset()).isEqualTo(8);
        assertThat(mixed.field("c").offset()).isEqualTo(16);
        assertThat(mixed.size()).isEqualTo(24);
        assertThat(mixed.alignment()).isEqualTo(8);

        StructLayout point = StructLayout.builder().int32("x").int32("y").build();
        StructLayout shape = StructLayout.builder()
                .bytes("name", 13).int64("version").structArray("points", point, 4).bool("closed")
                .array("weights", ScalarType.FLOAT64, 2).struct("origin", point).build();
        assertThat(point.size()).isEqualTo(8);
        assertThat(shape.field("version").offset()).isEqualTo(16);
        assertThat(shape.field("points").offset()).isEqualTo(24);
        assertThat(shape.field("points[2].y").offset()).isEqualTo(24 + 2 * 8 + 4);
        assertThat(shape.field("closed").offset()).isEqualTo(56);
        assertThat(shape.field("weights[1]").offset()).isEqualTo(64 + 8);
        assertThat(shape.field("origin.y").offset()).isEqualTo(80 + 4);
        assertThat(shape.size()).isEqualTo(88);
        assertThat(shape.fingerprint()).isNotEqualTo(point.fingerprint())
                .isEqualTo(StructLayout.builder().bytes("name", 13).int64("version").structArray("points", point, 4)
                        .bool("closed").array("weights", ScalarType.FLOAT64, 2).struct("origin", point).build()
                        .fingerprint());
    }

    @Test
    void structFieldsReadAndWriteThroughResolvedHandles() {
        StructLayout point = StructLayout.builder().int32("x").int32("y").build();
        StructLayout shape = StructLayout.builder()
                .bytes("name", 8).int64("version").structArray("points", point, 3).float64("area").build();
        SharedStruct s = SharedStruct.create(at(0, SharedStruct.requiredLength(shape, true)), shape, true);
        Field y1 = s.field("points[1].y");
        s.setInt(y1, 42);
        s.setString("name", "square");
        s.setLong("version", 7);
        s.setDouble("area", 2.5);

        SharedStruct other = SharedStruct.attach(at(0, SharedStruct.requiredLength(shape, true)), shape, true);
        assertThat(other.getInt("points[1].y")).isEqualTo(42);
        assertThat(other.getString("name")).isEqualTo("square");
        assertThat(other.compareAndSetLong(other.field("version"), 7, 8)).isTrue();
        assertThat(s.getLong("version")).isEqualTo(8);
        assertThat(other.getDouble("area")).isEqualTo(2.5);
        s.withLock(() -> s.getAndAddInt(y1, 1));
        assertThat(other.getInt(y1)).isEqualTo(43);

        assertThatThrownBy(() -> s.setString("name", "too long!")).hasMessageContaining("holds 8 bytes");
        assertThatThrownBy(() -> s.getLong("points[1].y")).hasMessageContaining("is INT32, not INT64");
        assertThatThrownBy(() -> s.field("points[3].x")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.field("nope")).hasMessageContaining("no member 'nope'");
        assertThatThrownBy(() -> s.field("version.x")).hasMessageContaining("has no members");
    }

    @Test
    void badDeclarationsAreRefused() {
        assertThatThrownBy(() -> StructLayout.builder().int32("x").int32("x"))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> StructLayout.builder().bytes("s", 0)).hasMessageContaining("length=0");
        assertThatThrownBy(() -> StructLayout.builder().int32("a.b")).hasMessageContaining("C identifier");
        assertThatThrownBy(() -> StructLayout.builder().build()).hasMessageContaining("at least one member");
        assertThatThrownBy(() -> StructLayout.builder().array("huge", ScalarType.INT64, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> SharedArray.requiredLength(ScalarType.INT64, 0, false))
                .hasMessageContaining("length=0");
        assertThatThrownBy(() -> SharedArray.requiredLength(ScalarType.INT64, Integer.MAX_VALUE, true))
                .hasMessageContaining("length=" + Integer.MAX_VALUE).hasMessageContaining("at most");
    }
}
