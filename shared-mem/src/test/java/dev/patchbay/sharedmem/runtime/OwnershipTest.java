package dev.patchbay.sharedmem.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.NotOwnedException;
import dev.patchbay.sharedmem.posix.Ipc;
import dev.patchbay.sharedmem.posix.Shm;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.segment.SysVKey;
import dev.patchbay.sharedmem.sync.NamedSemaphore;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Squatting: an object at one of our names that another user made, or that anyone may write, is refused by name
 * before a byte is written to it. "Another user" is simulated by chown to nobody (65534), which needs root.
 */
class OwnershipTest {
    private static final int NOBODY = 65534;
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    @Test
    void aPosixSegmentOpenToOthersIsRefusedByName() throws IOException {
        String name = TestNames.random("own");
        cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        Path file = Path.of("/dev/shm/patchbay-" + name);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertPosixRefused(name, "mode 0666");
    }

    @Test
    void aPosixSegmentOfAnotherUserIsRefusedByName() throws IOException {
        assumeTrue(Unistd.geteuid() == 0, "chown to another user needs root");
        String name = TestNames.random("own");
        cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        Files.setAttribute(Path.of("/dev/shm/patchbay-" + name), "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        assertPosixRefused(name, "belongs to uid " + NOBODY);
    }

    private static void assertPosixRefused(String name, String why) {
        assertThatThrownBy(() -> Segment.open(SegmentSpec.posix(name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(NotOwnedException.class)
                .hasMessageContaining("/patchbay-" + name)
                .hasMessageContaining(why)
                .hasMessageContaining("use another name");
    }

    @Test
    void aMappedFileOfAnotherUserIsRefusedByName() throws IOException {
        assumeTrue(Unistd.geteuid() == 0, "chown to another user needs root");
        String name = TestNames.random("own");
        cleanup.add(Segment.open(SegmentSpec.runtimeFile(name, OpenMode.CREATE_NEW, 4096)));
        Path file = SegmentFolders.runtimeFiles().resolve(name);
        Files.setAttribute(file, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        assertThatThrownBy(() -> Segment.open(SegmentSpec.runtimeFile(name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(NotOwnedException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("belongs to uid " + NOBODY);
    }

    @Test
    void aSystemVSegmentOpenToOthersIsRefusedByName() {
        String name = TestNames.random("own");
        cleanup.add(Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096)));
        int shmid = Shm.shmget(SysVKey.of(name), 0, 0);
        try (Memory ds = new Memory(Shm.SHMID_DS_SIZE)) {
            ds.clear();
            Shm.shmctl(shmid, Ipc.IPC_STAT, Pointer.nativeValue(ds));
            ds.setShort(Shm.SHM_PERM_MODE_OFFSET, (short) 0666);
            Shm.shmctl(shmid, Ipc.IPC_SET, Pointer.nativeValue(ds));
        }

        assertThatThrownBy(() -> Segment.open(SegmentSpec.sysv(name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(NotOwnedException.class)
                .hasMessageContaining("System V segment '" + name + "'")
                .hasMessageContaining("mode 0666");
    }

    @Test
    void aNamedSemaphoreOpenToOthersIsRefusedByName() throws IOException {
        String name = TestNames.random("own");
        cleanup.add(NamedSemaphore.open(name, OpenMode.CREATE_NEW, 1));
        Files.setPosixFilePermissions(Path.of("/dev/shm/sem.patchbay-" + name),
                PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> NamedSemaphore.open(name, OpenMode.OPEN_EXISTING, 0))
                .isInstanceOf(NotOwnedException.class)
                .hasMessageContaining("sem.patchbay-" + name)
                .hasMessageContaining("mode 0666");
    }

    @Test
    void anObjectOfOursThatIsPrivatePasses() {
        String name = TestNames.random("own");
        cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        Segment joined = cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.OPEN_EXISTING, 0)));
        assertThat(joined.isOwner()).isFalse();
    }
}
