package dev.patchbay.sharedmem.managed;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import dev.patchbay.sharedmem.typed.SharedLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Unrelated processes meet at a segment name and an object name. */
class CrossProcessManagedTest {
    private final Cleanup cleanup = new Cleanup();
    private final String name = TestNames.random("meet");

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    @Test
    void twoProcessesFindOrConstructTheSameCounter() {
        ChildJvm a = cleanup.add(ChildJvm.start("managed-counter", name, "100000"));
        ChildJvm b = cleanup.add(ChildJvm.start("managed-counter", name, "100000"));
        String doneA = a.expect("DONE", Duration.ofSeconds(30));
        String doneB = b.expect("DONE", Duration.ofSeconds(30));

        assertThat(List.of(doneA, doneB)).as("exactly one of them created the segment")
                .containsExactlyInAnyOrder("DONE true", "DONE false");
        try (ManagedSegment m = ManagedSegment.open(SegmentSpec.posix(name, OpenMode.OPEN_EXISTING, 0))) {
            SharedLong counter = m.find("counter", ObjectType.sharedLong(false)).orElseThrow();
            assertThat(counter.get()).isEqualTo(200_000);
            assertThat(m.entries()).hasSize(1);
        }
        a.finish();
        b.finish();
        assertThat(a.awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(b.awaitExit(Duration.ofSeconds(20))).isZero();
    }
}
