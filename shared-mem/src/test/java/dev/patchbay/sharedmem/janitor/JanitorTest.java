package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JanitorTest {
    private static final Duration START = Duration.ofSeconds(20);
    /** The kinds a process makes under a name of its choice (the child's "make-all"). */
    private static final ResourceKind[] MADE_BY_NAME = {ResourceKind.POSIX, ResourceKind.SYSV, ResourceKind.FIFO,
            ResourceKind.MAPPED_FILE, ResourceKind.SEMAPHORE};
    private final Cleanup cleanup = new Cleanup();
    private final Janitor janitor = new Janitor();

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    /** Removes whatever is left under {@code name}, forced, when the test ends. */
    private void removeAtEnd(String name) {
        cleanup.add(() -> janitor.remove(name, true));
    }

    @Test
    void gcRemovesWhatAKilledProcessLeftAndLeavesALiveOnesThingsAlone() {
        String dead = TestNames.random("dead");
        String live = TestNames.random("live");
        removeAtEnd(dead);
        removeAtEnd(live);
        ChildJvm doomed = cleanup.add(ChildJvm.start("make-all", dead));
        ChildJvm survivor = cleanup.add(ChildJvm.start("make-all", live));
        doomed.expect("READY", START);
        survivor.expect("READY", START);

        List<Resource> before = janitor.find(dead);
        assertThat(before).extracting(Resource::kind).containsExactlyInAnyOrder(MADE_BY_NAME);
        assertThat(before).allSatisfy(r -> {
            assertThat(r.ours()).isTrue();
            assertThat(r.ownerAlive()).isTrue();
            assertThat(r.ownerPid()).isEqualTo(doomed.pid());
        });
        assertThat(before).filteredOn(r -> r.kind() != ResourceKind.FIFO)
                .allSatisfy(r -> assertThat(r.size()).isPositive());

        doomed.kill();
        assertThat(janitor.find(dead)).allSatisfy(r -> assertThat(r.isLeftover()).isTrue());
        List<Resource> removed = janitor.gc();

        // A build running beside this one may collect some of the leftovers first, so only a subset is ours.
        assertThat(removed).filteredOn(r -> r.name().equals(dead)).extracting(Resource::kind)
                .isSubsetOf(MADE_BY_NAME);
        assertThat(removed).noneMatch(r -> r.name().equals(live));
        assertThat(janitor.find(dead)).isEmpty();
        assertThat(Path.of("/dev/shm/patchbay-" + dead)).doesNotExist();
        List<Resource> kept = janitor.find(live);
        assertThat(kept).hasSize(MADE_BY_NAME.length)
                .allSatisfy(r -> assertThat(r.ownerAlive()).isTrue());

        assertThatThrownBy(() -> janitor.remove(live, false))
                .isInstanceOf(SharedMemException.class)
                .hasMessageContaining("belongs to process " + survivor.pid()).hasMessageContaining("alive");
        survivor.finish();
        assertThat(survivor.awaitExit(START)).isZero();
        assertThat(janitor.find(live)).as("the owner cleaned up after itself").isEmpty();
    }

    @Test
    void whatHasNoHeaderOfOursIsListedAsNotOursAndNeverCollected() throws Exception {
        String name = TestNames.random("foreign");
        Path shm = Path.of("/dev/shm/patchbay-" + name);
        Path file = SegmentFolders.runtimeFiles().resolve(name);
        for (Path p : new Path[] {shm, file}) {
            // A header that is not ours; all zeros would be an unfinished segment of ours (JanitorLeftoversTest).
            byte[] foreign = new byte[4096];
            foreign[0] = 0x7f;
            Files.write(p, foreign);
            cleanup.add(() -> Files.deleteIfExists(p));
        }

        List<Resource> found = janitor.find(name);
        assertThat(found).extracting(Resource::kind)
                .containsExactlyInAnyOrder(ResourceKind.POSIX, ResourceKind.MAPPED_FILE);
        assertThat(found).noneMatch(Resource::ours).noneMatch(Resource::isLeftover);
        janitor.gc();
        assertThat(shm).exists();
        assertThat(file).exists();
        assertThatThrownBy(() -> janitor.remove(name, false)).hasMessageContaining("not provably Patchbay's");

        assertThat(janitor.remove(name, true)).hasSize(2);
        assertThat(shm).doesNotExist();
        assertThat(file).doesNotExist();
    }

    @Test
    void persistentFilesOutliveTheirOwnerAndAreNotCollected() {
        String name = TestNames.random("keep");
        removeAtEnd(name);
        ChildJvm maker = cleanup.add(ChildJvm.start("make-persistent", name));
        maker.expect("MADE", START);
        assertThat(maker.awaitExit(START)).isZero();

        janitor.gc();

        Resource r = janitor.find(name).get(0);
        assertThat(r.kind()).isEqualTo(ResourceKind.MAPPED_FILE);
        assertThat(r.persistent()).isTrue();
        assertThat(r.ownerAlive()).isFalse();
        try (Segment s = Segment.open(SegmentSpec.persistentFile(name, OpenMode.OPEN_EXISTING, 0))) {
            assertThat(s.data().buffer().getLong(s.data().offset())).isEqualTo(99);
        }
        assertThat(janitor.remove(r, false)).isTrue();
        assertThat(janitor.find(name)).isEmpty();
    }

    @Test
    void aLiveSegmentOfThisProcessIsListedWithItsOwner() {
        String name = TestNames.random("mine");
        try (Segment s = Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 10_000))) {
            Resource r = janitor.find(name).get(0);
            assertThat(r.kind()).isEqualTo(ResourceKind.SYSV);
            assertThat(r.size()).isEqualTo(s.size());
            assertThat(r.ownerPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(r.location()).startsWith("key 0x").contains("shmid");
            assertThat(r.toString()).contains(name).contains("alive");
        }
        assertThat(janitor.find(name)).isEmpty();
    }
}
