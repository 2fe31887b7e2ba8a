package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Segments made by one JVM and found by another. */
class CrossProcessSegmentTest {
    private static final Duration START = Duration.ofSeconds(20);
    private final Cleanup cleanup = new Cleanup();
    private final String name = TestNames.random("sysv");

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    @Test
    void aSystemVSegmentMadeByAnotherProcessIsFoundByItsKey() {
        ChildJvm creator = cleanup.add(ChildJvm.start("sysv-create", name, "7777"));
        String ready = creator.expect("READY", START);

        try (Segment s = Segment.open(SegmentSpec.sysv(name, OpenMode.OPEN_EXISTING, 0))) {
            assertThat(s.data().buffer().getLong(s.data().offset())).isEqualTo(7777);
            assertThat(s.header().owner().pid()).isEqualTo(creator.pid()).isEqualTo(Long.parseLong(ready.substring(6)));
            assertThat(s.isOwner()).isFalse();
        }
        creator.finish();
        assertThat(creator.awaitExit(START)).isZero();
        // The owner removed it on close.
        assertThatThrownBy(() -> Segment.open(SegmentSpec.sysv(name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aSystemVSegmentMadeHereIsReadByAnotherProcess() {
        Segment s = cleanup.add(Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096)));
        s.data().buffer().putLong(s.data().offset(), -42);
        ChildJvm reader = cleanup.add(ChildJvm.start("sysv-read", name));
        assertThat(reader.expect("VALUE", START)).isEqualTo("VALUE -42");
        assertThat(reader.awaitExit(START)).isZero();
    }

    @Test
    void aCreateNewTakesOverTheNameOfAKilledOwner() {
        ChildJvm creator = cleanup.add(ChildJvm.start("sysv-create", name, "1"));
        creator.expect("READY", START);
        creator.kill();

        Segment s = cleanup.add(Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096)));

        assertThat(s.isOwner()).isTrue();
        assertThat(s.data().buffer().getLong(s.data().offset())).as("a fresh segment").isZero();
    }

    @Test
    void aKeyTakenByAnotherNamesSegmentIsNotUsed() {
        Segment s = cleanup.add(Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096)));
        // Pretend a different segment sits at this name's key: its header carries another name.
        dev.patchbay.sharedmem.MemoryViews.putAscii(s.data().buffer(), SegmentHeaderDescriptor.NAME_OFFSET,
                SegmentHeaderDescriptor.NAME_LENGTH, "someone-else");
        assertThatThrownBy(() -> Segment.open(SegmentSpec.sysv(name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessageContaining("named 'someone-else'").hasMessageContaining("collides");
    }
}
