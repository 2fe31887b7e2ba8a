package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.Region;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class PeerSlotTest {
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(50);
    private final Region memory = Region.of(ByteBuffer.allocateDirect(2 * PeerSlot.LENGTH));
    private final PeerSlot slot = PeerSlot.at(memory.slice(0, PeerSlot.LENGTH));

    private static ProcessIdentity deadProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        ProcessIdentity identity = ProcessIdentity.of(p.pid()).orElse(new ProcessIdentity(p.pid(), 1));
        p.waitFor();
        p.toHandle().onExit().get(5, TimeUnit.SECONDS);
        return identity;
    }

    @Test
    void aSlotIsClaimedOpenedAndClosedWithANewGenerationEachTime() {
        ProcessIdentity me = ProcessIdentity.current();
        long claimed = slot.claim(me);
        assertThat(PeerSlot.state(claimed)).isEqualTo(PeerSlot.CLAIMED);
        assertThat(PeerSlot.pid(claimed)).isEqualTo(me.pid());
        assertThat(slot.claim(me)).as("held by a live process").isEqualTo(PeerSlot.HELD);

        long open = slot.open(claimed, 4096, PeerSlot.FLAG_WAKE_ME);
        assertThat(PeerSlot.state(open)).isEqualTo(PeerSlot.OPEN);
        assertThat(slot.holder(open)).isEqualTo(me);
        assertThat(slot.maxMessage()).isEqualTo(4096);
        assertThat(slot.flags()).isEqualTo(PeerSlot.FLAG_WAKE_ME);
        assertThat(slot.isHeld(open)).isTrue();
        assertThat(PeerSlot.describe(open)).isEqualTo("OPEN by pid " + me.pid() + " (generation 1)");

        assertThat(slot.close(claimed)).as("a stale word changes nothing").isFalse();
        assertThat(slot.close(open)).isTrue();
        long again = slot.claim(me);
        assertThat(again).isNotEqualTo(claimed);
        assertThat(PeerSlot.describe(again)).contains("generation 2");
        assertThat(slot.retire(again)).isTrue();
        assertThat(slot.claim(me)).isEqualTo(PeerSlot.RETIRED_SLOT);
    }

    @Test
    void aSlotOfADeadProcessIsTakenOver() throws Exception {
        ProcessIdentity dead = deadProcess();
        long theirs = slot.open(slot.claim(dead), 1, 0);
        assertThat(slot.isHeld(theirs)).isFalse();
        long mine = slot.claim(ProcessIdentity.current());
        assertThat(PeerSlot.state(mine)).isEqualTo(PeerSlot.CLAIMED);
        assertThat(slot.open(theirs, 1, 0)).as("the dead holder's word is gone").isZero();
    }

    @Test
    void aWatchSeesACloseAtOnceAndADeathWithinItsInterval() throws Exception {
        ProcessIdentity me = ProcessIdentity.current();
        long open = slot.open(slot.claim(me), 1, 0);
        PeerWatch watch = new PeerWatch(slot, open, INTERVAL);
        assertThat(watch.isGone()).isFalse();
        assertThat(watch.await(WaitStrategy.backoff(), () -> false, () -> false, null, INTERVAL / 5))
                .isEqualTo(PeerWatch.TIMED_OUT);

        CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS).execute(() -> slot.close(open));
        long start = System.nanoTime();
        assertThat(watch.await(WaitStrategy.backoff(), () -> false, () -> false, null, Long.MAX_VALUE / 4))
                .isEqualTo(PeerWatch.PEER_GONE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(watch.reason()).isEqualTo("closed the link");

        PeerSlot other = PeerSlot.at(memory.slice(PeerSlot.LENGTH, PeerSlot.LENGTH));
        ProcessIdentity dead = deadProcess();
        PeerWatch deadWatch = new PeerWatch(other, other.open(other.claim(dead), 1, 0), INTERVAL);
        start = System.nanoTime();
        assertThat(deadWatch.await(WaitStrategy.futex(), () -> false, () -> false,
                Doorbell.at(memory.slice(PeerSlot.LENGTH + 56, Doorbell.LENGTH)), Long.MAX_VALUE / 4))
                .isEqualTo(PeerWatch.PEER_GONE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(deadWatch.reason()).isEqualTo("died (process " + dead.pid() + " is gone)");
    }

    @Test
    void aWatchReturnsAsSoonAsTheConditionOrTheStopHolds() {
        long open = slot.open(slot.claim(ProcessIdentity.current()), 1, 0);
        PeerWatch watch = new PeerWatch(slot, open, INTERVAL);
        assertThat(watch.await(WaitStrategy.busySpin(), () -> true, () -> false, null, 0)).isEqualTo(PeerWatch.READY);
        assertThat(watch.await(WaitStrategy.busySpin(), () -> false, () -> true, null, 1_000_000_000L))
                .isEqualTo(PeerWatch.STOPPED);
        Thread.currentThread().interrupt();
        try {
            assertThat(watch.await(WaitStrategy.backoff(), () -> false, () -> false, null, 1_000_000_000L))
                    .isEqualTo(PeerWatch.INTERRUPTED);
        } finally {
            Thread.interrupted();
        }
        assertThat(WaitStrategy.named("FUTEX")).isSameAs(WaitStrategy.futex());
        assertThat(WaitStrategy.named("spin")).isEqualTo(WaitStrategy.busySpin());
        assertThat(WaitStrategy.named("backoff")).isSameAs(WaitStrategy.backoff());
    }

    @Test
    void drainingHandsOverWhatThePeerLeftBeforeSayingItIsGone() {
        long open = slot.open(slot.claim(ProcessIdentity.current()), 1, 0);
        PeerWatch watch = new PeerWatch(slot, open, INTERVAL);
        int[] items = {2};
        IntSupplier take = () -> {
            int n = items[0];
            items[0] = 0;
            return n;
        };
        assertThat(watch.drain(take, WaitStrategy.backoff(), () -> items[0] > 0, () -> false, null, 0)).isEqualTo(2);
        assertThat(watch.drain(take, WaitStrategy.backoff(), () -> items[0] > 0, () -> false, null, 1_000_000))
                .as("timed out").isZero();
        items[0] = 3;
        slot.close(open);
        assertThat(watch.drain(take, WaitStrategy.backoff(), () -> items[0] > 0, () -> false, null, 0)).isEqualTo(3);
        assertThat(watch.drain(take, WaitStrategy.backoff(), () -> items[0] > 0, () -> false, null, 0))
                .isEqualTo(PeerWatch.PEER_GONE);
    }
}
