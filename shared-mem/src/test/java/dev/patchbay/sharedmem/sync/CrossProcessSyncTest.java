package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.segment.OpenMode;
import dev.patchbay.sharedmem.segment.Segment;
import dev.patchbay.sharedmem.segment.SegmentSpec;
import dev.patchbay.sharedmem.testkit.ChildJvm;
import dev.patchbay.sharedmem.testkit.ChildMain;
import dev.patchbay.sharedmem.testkit.Cleanup;
import dev.patchbay.sharedmem.testkit.TestNames;
import dev.patchbay.sharedmem.typed.SharedBoolean;
import dev.patchbay.sharedmem.typed.SharedLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Locks and semaphores shared by separate JVMs. */
class CrossProcessSyncTest {
    private static final Duration START = Duration.ofSeconds(20);
    private final Cleanup cleanup = new Cleanup();
    private final String name = TestNames.random("sync");

    @AfterEach
    void tearDown() {
        cleanup.close();
    }

    @Test
    void twoProcessesIncrementUnderTheMutexAMillionTimesEach() {
        Segment segment = cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        SharedLong counter = SharedLong.create(segment.data().slice(ChildMain.COUNTER_OFFSET,
                SharedLong.requiredLength(true)), true, 0);
        SharedBoolean go = SharedBoolean.create(segment.data().slice(ChildMain.GO_OFFSET, 4), false, false);
        ChildJvm a = cleanup.add(ChildJvm.start("counter", name, "1000000"));
        ChildJvm b = cleanup.add(ChildJvm.start("counter", name, "1000000"));
        a.expect("READY", START);
        b.expect("READY", START);

        go.set(true);
        a.expect("DONE", Duration.ofSeconds(60));
        b.expect("DONE", Duration.ofSeconds(60));

        // Plain read-modify-write under the lock: any lost update would show here.
        assertThat(counter.get()).isEqualTo(2_000_000);
        assertThat(a.awaitExit(START)).isZero();
        assertThat(b.awaitExit(START)).isZero();
    }

    @Test
    void aHolderKilledWithSigkillIsReportedAndTheMutexRecovers() {
        Segment segment = cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        SharedMutex mutex = SharedMutex.create(segment.data().slice(0, SyncDescriptor.SLOT_SIZE));
        boolean[] repaired = {false};
        mutex.onOwnerDied(() -> repaired[0] = true);
        ChildJvm holder = cleanup.add(ChildJvm.start("hold", name));
        assertThat(holder.expect("LOCKED", START)).isEqualTo("LOCKED ACQUIRED");
        assertThat(mutex.tryLock()).isEqualTo(LockResult.NOT_ACQUIRED);
        assertThat(mutex.lock(Duration.ofMillis(50))).isEqualTo(LockResult.NOT_ACQUIRED);

        holder.kill();

        assertThat(mutex.lock(Duration.ofSeconds(10))).isEqualTo(LockResult.ACQUIRED_OWNER_DIED);
        mutex.unlock();
        assertThat(mutex.lock(Duration.ofSeconds(1))).isEqualTo(LockResult.ACQUIRED);
        mutex.unlock();
        assertThat(repaired[0]).as("withLock runs the repair only after an owner died").isFalse();
    }

    @Test
    void withLockRunsTheRepairActionAfterAHolderDied() {
        Segment segment = cleanup.add(Segment.open(SegmentSpec.posix(name, OpenMode.CREATE_NEW, 4096)));
        SharedMutex mutex = SharedMutex.create(segment.data().slice(0, SyncDescriptor.SLOT_SIZE));
        int[] repairs = {0};
        mutex.onOwnerDied(() -> repairs[0]++);
        ChildJvm holder = cleanup.add(ChildJvm.start("hold", name));
        holder.expect("LOCKED", START);
        holder.kill();

        String result = mutex.withLock(() -> "inside");
        mutex.withLock(() -> { });

        assertThat(result).isEqualTo("inside");
        assertThat(repairs[0]).isEqualTo(1);
    }

    @Test
    void aNamedSemaphoreWakesAnotherProcess() {
        NamedSemaphore sem = cleanup.add(NamedSemaphore.open(name, OpenMode.CREATE_NEW, 0));
        ChildJvm waiter = cleanup.add(ChildJvm.start("sem-wait", name));
        waiter.expect("WAITING", START);
        assertThat(sem.value()).isZero();

        sem.release();

        assertThat(waiter.expect("", Duration.ofSeconds(20))).isEqualTo("ACQUIRED");
        assertThat(waiter.awaitExit(START)).isZero();
        assertThat(sem.value()).isZero();
    }
}
