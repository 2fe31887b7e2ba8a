package dev.patchbay.sharedmem.segment;

import dev.patchbay.sharedmem.IncompatibleLayoutException;
import dev.patchbay.sharedmem.MemoryViews;
import dev.patchbay.sharedmem.ObjectExistsException;
import dev.patchbay.sharedmem.ObjectNotFoundException;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    static SegmentSpec spec(SegmentKind kind, String name, OpenMode mode, long size) {
        return switch (kind) {
            case POSIX -> SegmentSpec.posix(name, mode, size);
            case SYSV -> SegmentSpec.sysv(name, mode, size);
            case MAPPED_FILE -> SegmentSpec.runtimeFile(name, mode, size);
        };
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void createWritesTheHeaderAndRoundsToPages(SegmentKind kind) {
        String name = TestNames.random("seg");
        Instant before = Instant.now().minusSeconds(1);
        Segment s = cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 5000)));

        SegmentHeader h = s.header();
        assertThat(h.isPublished()).isTrue();
        assertThat(h.major()).isEqualTo(SegmentHeaderDescriptor.VERSION_MAJOR);
        assertThat(h.name()).isEqualTo(name);
        assertThat(h.kind()).isEqualTo(kind);
        assertThat(h.owner()).isEqualTo(ProcessIdentity.current());
        assertThat(h.created()).isAfter(before);
        assertThat(s.size()).isEqualTo(h.totalSize()).isEqualTo(Pages.roundUp(5000 + 128)).isEqualTo(8192);
        assertThat(s.data().length()).isGreaterThanOrEqualTo(5000);
        assertThat(s.isOwner()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void anotherMappingSeesTheSameBytesAndTheOwnerRemovesOnClose(SegmentKind kind) {
        String name = TestNames.random("seg");
        Segment owner = Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096));
        try (Segment other = Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0))) {
            assertThat(other.isOwner()).isFalse();
            MemoryViews.LONG.setRelease(owner.data().buffer(), owner.data().offset(), 0x1234_5678_9abcL);
            assertThat((long) MemoryViews.LONG.getAcquire(other.data().buffer(), other.data().offset()))
                    .isEqualTo(0x1234_5678_9abcL);
        } finally {
            owner.close();
        }
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining(name);
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void createNewRefusesATakenNameOfALiveOwner(SegmentKind kind) {
        String name = TestNames.random("seg");
        cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096)));
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096)))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining("is alive");
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void openOrCreateCreatesOnceThenOpens(SegmentKind kind) {
        String name = TestNames.random("seg");
        Segment first = cleanup.add(Segment.open(spec(kind, name, OpenMode.OPEN_OR_CREATE, 4096)));
        Segment second = cleanup.add(Segment.open(spec(kind, name, OpenMode.OPEN_OR_CREATE, 4096)));
        assertThat(first.isOwner()).isTrue();
        assertThat(second.isOwner()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SegmentKind.class, names = {"POSIX", "MAPPED_FILE"})
    void filesAreMode0600(SegmentKind kind) throws Exception {
        String name = TestNames.random("seg");
        cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096)));
        Path file = kind == SegmentKind.POSIX ? Path.of("/dev/shm/patchbay-" + name)
                : SegmentFolders.runtimeFiles().resolve(name);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void theInitializerRunsBeforePublication(SegmentKind kind) {
        String name = TestNames.random("seg");
        Segment s = cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096), seg -> {
            assertThat(seg.header().isPublished()).isFalse();
            seg.data().buffer().putLong(seg.data().offset(), 42);
        }));
        try (Segment other = Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0))) {
            assertThat(other.data().buffer().getLong(other.data().offset())).isEqualTo(42);
        }
        assertThat(s.header().isPublished()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void aFailingInitializerLeavesNothingBehind(SegmentKind kind) {
        String name = TestNames.random("seg");
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096), seg -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void aWrongMagicIsRefusedNamingBothValues(SegmentKind kind) {
        String name = TestNames.random("seg");
        Segment s = cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096)));
        s.data().buffer().putLong(0, 0x0102_0304_0506_0708L);
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessageContaining("not a Patchbay layout")
                .hasMessageContaining("0x102030405060708")
                .hasMessageContaining("0x5941424843544150");
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void anotherMajorVersionIsRefusedNamingBothVersions(SegmentKind kind) {
        String name = TestNames.random("seg");
        Segment s = cleanup.add(Segment.open(spec(kind, name, OpenMode.CREATE_NEW, 4096)));
        s.data().buffer().putShort(SegmentHeaderDescriptor.VERSION_MAJOR_OFFSET, (short) 7);
        s.data().buffer().putShort(SegmentHeaderDescriptor.VERSION_MINOR_OFFSET, (short) 3);
        assertThatThrownBy(() -> Segment.open(spec(kind, name, OpenMode.OPEN_EXISTING, 0)))
                .isInstanceOf(IncompatibleLayoutException.class)
                .hasMessageContaining("layout version 7.3")
                .hasMessageContaining("reads version 1.x");
    }

    @ParameterizedTest
    @EnumSource(SegmentKind.class)
    void aRangeIsFlushedAndAPersistentFileKeepsItsBytesWithoutAFlushAtClose(SegmentKind kind) throws Exception {
        String name = TestNames.random("seg");
        Segment s = Segment.open(kind == SegmentKind.MAPPED_FILE
                ? SegmentSpec.persistentFile(name, OpenMode.CREATE_NEW, 3 * Pages.SIZE)
                : spec(kind, name, OpenMode.CREATE_NEW, 3 * Pages.SIZE));
        s.data().buffer().putLong(Pages.SIZE + 8, 0x1234_5678L);
        s.flush(Pages.SIZE + 4, 100);
        assertThatThrownBy(() -> s.flush(0, s.size() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        if (kind != SegmentKind.MAPPED_FILE) {
            s.closeWithoutFlush();
            assertThat(s.isOpen()).isFalse();
            return;
        }
        Path file = SegmentFolders.dataFolder().resolve(name);
        try {
            s.data().buffer().putLong(2 * Pages.SIZE, 0x9ABCL);
            s.closeWithoutFlush();
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getLong(Pages.SIZE + 8)).isEqualTo(0x1234_5678L);
            assertThat(b.getLong(2 * Pages.SIZE)).as("in the page cache, written back later").isEqualTo(0x9ABCL);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
