package dev.patchbay.sharedmem.janitor;

import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import dev.patchbay.sharedmem.segment.SegmentFolders;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the janitor used to miss: segments whose creator died before it wrote the header, hosts' control sockets,
 * demos' plugin copies and the one-off logs of migrations, each left by a process that is gone.
 */
class JanitorLeftoversTest {
    private static final Duration START = Duration.ofSeconds(20);
    private final Cleanup cleanup = new Cleanup();
    private final Janitor janitor = new Janitor();
    private final long me = ProcessHandle.current().pid();

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    /** The pid of a process that has run and exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    private Path deleteAtEnd(Path p) {
        cleanup.add(() -> Files.deleteIfExists(p));
        return p;
    }

    /**
     * Runs gc and returns where it removed things. A build running beside this one may collect a leftover
     * first, so tests check what is gone on disk rather than that this gc was the one that removed it.
     */
    private List<String> collected() {
        return janitor.gc().stream().map(Resource::location).toList();
    }

    @Test
    void aSegmentLeftWithoutAHeaderIsCollectedOnceOlderThanTheGrace() throws Exception {
        // What a listener killed between sizing its segment and writing the header leaves: 2 MiB of zeros.
        Path old = deleteAtEnd(Path.of("/dev/shm/patchbay-" + TestNames.random("unmade")));
        Path oldFile = deleteAtEnd(SegmentFolders.runtimeFiles().resolve(TestNames.random("unmade")));
        Path young = deleteAtEnd(Path.of("/dev/shm/patchbay-" + TestNames.random("making")));
        String halfName = TestNames.random("half");
        Path half = deleteAtEnd(Path.of("/dev/shm/patchbay-" + halfName));
        for (Path p : List.of(old, oldFile, young, half)) {
            Files.write(p, new byte[2 << 20]);
        }
        // Killed while writing the header's fields, before the magic: kind and name are there.
        try (FileChannel channel = FileChannel.open(half, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1),
                    SegmentHeaderDescriptor.KIND_OFFSET);
            channel.write(ByteBuffer.wrap(halfName.getBytes(StandardCharsets.US_ASCII)),
                    SegmentHeaderDescriptor.NAME_OFFSET);
        }
        FileTime past = FileTime.from(Instant.now().minus(Resource.UNFINISHED_GRACE).minusSeconds(30));
        for (Path p : List.of(old, oldFile, half)) {
            Files.setLastModifiedTime(p, past);
        }

        assertThat(janitor.list()).filteredOn(r -> r.location().equals(old.toString())).singleElement()
                .satisfies(r -> assertThat(r.unfinished()).isTrue())
                .satisfies(r -> assertThat(r.isLeftover()).isTrue());
        assertThat(collected()).doesNotContain(young.toString());
        assertThat(old).doesNotExist();
        assertThat(half).doesNotExist();
        assertThat(oldFile).doesNotExist();
        assertThat(young).as("one being made right now is spared").exists();
    }

    @Test
    void controlSocketsOfDeadHostsAreCollected() throws Exception {
        Path folder = RuntimeDirectory.sub("control");
        Path dead = deleteAtEnd(folder.resolve(deadPid() + ".sock"));
        Path live = deleteAtEnd(folder.resolve(me + ".sock"));
        for (Path p : List.of(dead, live)) {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                // Closing a bound socket leaves its file, as a host killed with -9 does.
                server.bind(UnixDomainSocketAddress.of(p));
            }
        }

        assertThat(collected()).doesNotContain(live.toString());
        assertThat(dead).doesNotExist();
        assertThat(live).exists();
    }

    @Test
    void demoPluginCopiesOfDeadRunsAreCollected() throws Exception {
        Path dead = Files.createTempDirectory(DemoFolderSource.PREFIX + deadPid() + "-");
        Path live = Files.createTempDirectory(DemoFolderSource.PREFIX + me + "-");
        for (Path dir : List.of(dead, live)) {
            Files.write(dir.resolve("fifo-1.0.0.jar"), new byte[1000]);
            cleanup.add(() -> janitor.list().stream().filter(r -> r.location().equals(dir.toString()))
                    .forEach(r -> janitor.remove(r, true)));
        }

        assertThat(collected()).doesNotContain(live.toString());
        assertThat(dead).doesNotExist();
        assertThat(live.resolve("fifo-1.0.0.jar")).exists();
    }

    @Test
    void aeronDriverFoldersAndMeetingFilesOfDeadProcessesAreCollected() throws Exception {
        Path folder = RuntimeDirectory.sub("aeron");
        long deadPid = deadPid();
        Path dead = folder.resolve("driver-" + deadPid + "-1-0badc0de");
        Path live = folder.resolve("driver-" + me + "-" + ProcessIdentity.current().startTime() + "-0badc0de");
        String meeting = TestNames.random("meet");
        Path ports = folder.resolve(meeting + ".ports");
        for (Path dir : List.of(dead, live)) {
            Files.createDirectories(dir.resolve("publications"));
            Files.write(dir.resolve("cnc.dat"), new byte[1000]);
            cleanup.add(() -> janitor.list().stream().filter(r -> r.location().equals(dir.toString()))
                    .forEach(r -> janitor.remove(r, true)));
        }
        Files.writeString(ports, "40001 40002\n");
        Files.writeString(folder.resolve(meeting + OwnerFile.SUFFIX), "pid=" + deadPid + "\nstart=1\ncreated="
                + Instant.now() + "\n");
        deleteAtEnd(ports);
        deleteAtEnd(folder.resolve(meeting + OwnerFile.SUFFIX));

        assertThat(janitor.list()).filteredOn(r -> r.location().equals(dead.toString())).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(ResourceKind.AERON))
                .satisfies(r -> assertThat(r.isLeftover()).isTrue());
        assertThat(collected()).doesNotContain(live.toString());
        assertThat(dead).doesNotExist();
        assertThat(ports).doesNotExist();
        assertThat(live.resolve("cnc.dat")).exists();
    }

    @Test
    void oneOffMigrationLogsOfDeadHostsAreCollectedAndOtherPersistentFilesKept() throws Exception {
        String ofDeadHost = "c1-" + deadPid() + "-1.ctl";
        String ofLiveHost = "c1-" + me + "-2.ctl";
        String named = TestNames.random("orders") + ".ctl";
        for (String name : List.of(ofDeadHost, ofLiveHost, named)) {
            cleanup.add(() -> janitor.remove(name, true));
            // Made by a process that then exits: the file's own owner is dead in every case.
            ChildJvm maker = cleanup.add(ChildJvm.start("make-persistent", name));
            maker.expect("MADE", START);
            assertThat(maker.awaitExit(START)).isZero();
        }

        List<String> removed = janitor.gc().stream().map(Resource::name).toList();

        // A build running beside this one may collect the dead host's file first.
        assertThat(removed).doesNotContain(ofLiveHost, named);
        assertThat(janitor.find(ofDeadHost)).isEmpty();
        assertThat(janitor.find(ofLiveHost)).singleElement().satisfies(r -> {
            assertThat(r.oneOff()).isTrue();
            assertThat(r.ownerAlive()).as("its host runs").isTrue();
        });
        assertThat(janitor.find(named)).singleElement().satisfies(r -> assertThat(r.persistent()).isTrue());
    }
}
