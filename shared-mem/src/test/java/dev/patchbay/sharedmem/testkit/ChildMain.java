package dev.patchbay.sharedmem.testkit;

import dev.patchbay.sharedmem.managed.ManagedSegment;
import dev.patchbay.sharedmem.managed.ObjectType;
import dev.patchbay.sharedmem.posix.Stat;
import dev.patchbay.sharedmem.ring.RingBuffer;
import dev.patchbay.sharedmem.ring.RingRecords;
import dev.patchbay.sharedmem.runtime.OwnerFile;
import dev.patchbay.sharedmem.runtime.RuntimeDirectory;
import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.sync.NamedSemaphore;
import dev.patchbay.sharedmem.sync.SharedMutex;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import dev.patchbay.sharedmem.typed.SharedBoolean;
import dev.patchbay.sharedmem.typed.SharedLong;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other process in cross-process tests. Each command attaches to what the test made (or makes something),
 * reports on stdout, and where it says so waits for stdin to close before it cleans up and exits.
 */
public final class ChildMain {
    /** Where the counter lives in a counter segment's data area; the start flag follows its cell. */
    public static final int COUNTER_OFFSET = 0;
    public static final int GO_OFFSET = 128;

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "counter" -> counter(args[1], Integer.parseInt(args[2]));
            case "hold" -> hold(args[1]);
            case "produce" -> produce(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
            case "sysv-create" -> sysvCreate(args[1], Long.parseLong(args[2]));
            case "sysv-read" -> sysvRead(args[1]);
            case "make-all" -> makeAll(args[1]);
            case "managed-counter" -> managedCounter(args[1], Integer.parseInt(args[2]));
            case "sem-wait" -> semWait(args[1]);
            case "make-persistent" -> makePersistent(args[1]);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.flush();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void awaitStdinClosed() throws IOException {
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the parent to close it (or die)
        }
    }

    /** Increments the locked counter {@code iterations} times, starting when the go flag is set. */
    private static void counter(String segment, int iterations) {
        try (Segment s = Segment.open(SegmentSpec.posix(segment, OpenMode.OPEN_EXISTING, 0))) {
            SharedLong counter = SharedLong.attach(s.data().slice(COUNTER_OFFSET, SharedLong.requiredLength(true)),
                    true);
            SharedBoolean go = SharedBoolean.attach(s.data().slice(GO_OFFSET, 4), false);
            SharedMutex lock = counter.lock().orElseThrow();
            say("READY");
            if (!WaitStrategy.backoff().await(go::get, null, Duration.ofSeconds(30).toNanos())) {
                throw new IllegalStateException("no go");
            }
            for (int i = 0; i < iterations; i++) {
                lock.lock();
                counter.setPlain(counter.getPlain() + 1);
                lock.unlock();
            }
            say("DONE");
        }
    }

    /** Takes the mutex at the start of the data area and holds it until killed. */
    private static void hold(String segment) throws IOException {
        try (Segment s = Segment.open(SegmentSpec.posix(segment, OpenMode.OPEN_EXISTING, 0))) {
            SharedMutex mutex = SharedMutex.attach(s.data().slice(0, 64));
            say("LOCKED " + mutex.lock());
            awaitStdinClosed();
        }
    }

    /** Offers {@code count} self-checking records as producer {@code id}, waiting for space with {@code wait}. */
    private static void produce(String segment, int count, int id, String wait) {
        try (Segment s = Segment.open(SegmentSpec.posix(segment, OpenMode.OPEN_EXISTING, 0))) {
            RingBuffer ring = RingBuffer.attach(s.data().slice(0, s.data().length()));
            WaitStrategy strategy = "futex".equals(wait) ? WaitStrategy.futex() : WaitStrategy.backoff();
            ByteBuffer scratch = ByteBuffer.allocate(RingRecords.MAX_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            say("READY");
            for (long seq = 0; seq < count; seq++) {
                int length = RingRecords.fill(scratch, id, seq);
                if (!ring.offer(id, scratch, 0, length, strategy, Duration.ofSeconds(30))) {
                    throw new IllegalStateException("ring stayed full for 30 s at record " + seq);
                }
            }
            say("DONE " + count);
        }
    }

    private static void sysvCreate(String name, long value) throws IOException {
        try (Segment s = Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096))) {
            s.data().buffer().putLong(s.data().offset(), value);
            say("READY " + s.header().owner().pid());
            awaitStdinClosed();
        }
    }

    private static void sysvRead(String name) {
        try (Segment s = Segment.open(SegmentSpec.sysv(name, OpenMode.OPEN_EXISTING, 0))) {
            say("VALUE " + s.data().buffer().getLong(s.data().offset()));
        }
    }

    /** Makes one of everything the janitor knows, all called {@code name}, and keeps them until stdin closes. */
    private static void makeAll(String name) throws Exception {
        try (Segment posix = Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096));
             Segment sysv = Segment.open(SegmentSpec.sysv(name, OpenMode.CREATE_NEW, 4096));
             Segment file = Segment.open(SegmentSpec.runtimeFile(name, OpenMode.CREATE_NEW, 4096));
             NamedSemaphore sem = NamedSemaphore.open(name, OpenMode.CREATE_NEW, 0)) {
            Path fifos = RuntimeDirectory.sub("fifo");
            OwnerFile.claim(fifos.resolve(name + OwnerFile.SUFFIX));
            for (String suffix : new String[] {".c2s", ".s2c"}) {
                Stat.mkfifo(fifos.resolve(name + suffix).toString(), Stat.MODE_0600);
            }
            say("READY " + posix.size() + " " + sysv.size() + " " + file.size() + " " + sem.value());
            awaitStdinClosed();
            for (String suffix : new String[] {".c2s", ".s2c", OwnerFile.SUFFIX}) {
                Files.deleteIfExists(fifos.resolve(name + suffix));
            }
        }
    }

    /** Meets the other processes at "counter" in the managed segment {@code segment} and adds to it. */
    private static void managedCounter(String segment, int iterations) throws IOException {
        try (ManagedSegment m = ManagedSegment.open(SegmentSpec.posix(segment, OpenMode.OPEN_OR_CREATE, 64 * 1024))) {
            SharedLong counter = m.findOrConstruct("counter", ObjectType.sharedLong(false));
            for (int i = 0; i < iterations; i++) {
                counter.incrementAndGet();
            }
            say("DONE " + m.segment().orElseThrow().isOwner());
            awaitStdinClosed();
        }
    }

    /** Makes a persistent mapped file and exits; the file stays. */
    private static void makePersistent(String name) {
        try (Segment s = Segment.open(SegmentSpec.persistentFile(name, OpenMode.CREATE_NEW, 4096))) {
            s.data().buffer().putLong(s.data().offset(), 99);
            say("MADE " + s.spec().file());
        }
    }

    private static void semWait(String name) {
        try (NamedSemaphore sem = NamedSemaphore.open(name, OpenMode.OPEN_EXISTING, 0)) {
            say("WAITING");
            say(sem.acquire(Duration.ofSeconds(20)) ? "ACQUIRED" : "TIMED OUT");
        }
    }
}
