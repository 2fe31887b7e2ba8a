package dev.patchbay.kit.link;

import dev.patchbay.api.Address;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.api.testkit.Blocked;
import dev.patchbay.sharedmem.runtime.ProcessIdentity;
import dev.patchbay.sharedmem.segment.Region;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.PeerWatch;
import dev.patchbay.sharedmem.sync.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle over a real peer slot in direct memory, with real threads: the "peer" is this process (alive) or a
 * process that has exited, and its leaving is its slot turning CLOSED, as a peer's close does.
 */
class LinkLifecycleTest {
    private static final Address ADDRESS = Address.parse("slot:test");
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    private final PeerSlot peerSlot = PeerSlot.at(Region.of(ByteBuffer.allocateDirect(PeerSlot.LENGTH)));
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();
    /** Messages the peer "wrote" and a drain takes. */
    private final AtomicInteger pending = new AtomicInteger();

    private LinkLifecycle lifecycle(ProcessIdentity peer, int peerLimit) {
        long word = peerSlot.open(peerSlot.claim(peer), peerLimit, 0);
        return new LinkLifecycle(ADDRESS, peerSlot, word, 1000, closes::incrementAndGet, releases::incrementAndGet);
    }

    private LinkLifecycle lifecycle() {
        return lifecycle(ProcessIdentity.current(), 1000);
    }

    private int receive(LinkLifecycle link, long timeoutNanos) {
        link.enterReceive(1);
        try {
            return link.awaitReceive(link.waiter(() -> pending.get() > 0), () -> pending.getAndSet(0),
                    WaitStrategy.backoff(), null, timeoutNanos, () -> false);
        } finally {
            link.exitReceive();
        }
    }

    @Test
    void whatThePeerSentBeforeItLeftIsDrainedFirstThenEveryCallReportsItsLeaving() throws Exception {
        LinkLifecycle link = lifecycle();
        CompletableFuture<Integer> waiting = Blocked.start(() -> receive(link, LONG_WAIT));
        pending.set(2);
        peerSlot.close(peerSlot.word());
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(2);

        assertThatThrownBy(() -> receive(link, LONG_WAIT)).isInstanceOf(PeerClosedException.class)
                .hasMessage("peer of slot:test closed the link");
        assertThat(link.isOpen()).isFalse();
        assertThat(closes).as("the failed receive closed the link").hasValue(1);
        assertThat(releases).as("no call is inside, so the memory went at once").hasValue(1);
        PatchbayException why = catchFailure(() -> receive(link, 0));
        assertThat(why).isInstanceOf(PeerClosedException.class).hasMessage("peer of slot:test closed the link");
        assertThat(catchFailure(() -> link.enterSend(1))).isSameAs(why);
        link.close();
        assertThat(closes).hasValue(1);
        assertThat(releases).hasValue(1);
    }

    @Test
    void aPeerWhoseProcessDiedIsNoticedWithinTheCheckIntervalOnAnIdleLink() throws Exception {
        Process process = new ProcessBuilder("true").start();
        // It may be gone before it is looked at: then any start time is not its, and it counts as dead as well.
        ProcessIdentity dead = ProcessIdentity.of(process.pid()).orElse(new ProcessIdentity(process.pid(), 1));
        process.onExit().get(10, TimeUnit.SECONDS);
        LinkLifecycle link = lifecycle(dead, 1000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> receive(link, LONG_WAIT)).isInstanceOf(PeerClosedException.class)
                .hasMessage("peer of slot:test died (process " + process.pid() + " is gone)");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(LinkLifecycle.CHECK_MILLIS))
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptedReceiveThrowsKeepsTheInterruptAndLeavesTheLinkOpen() throws Exception {
        LinkLifecycle link = lifecycle();
        AtomicReference<Thread> receiver = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CompletableFuture<Integer> waiting = Blocked.start(() -> {
            receiver.set(Thread.currentThread());
            try {
                return receive(link, LONG_WAIT);
            } finally {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        receiver.get().interrupt();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(LinkInterruptedException.class)
                .hasMessage("interrupted while waiting in receive on slot:test; the link is still open");
        assertThat(stillInterrupted).hasValue(true);
        assertThat(link.isOpen()).isTrue();
        pending.set(1);
        assertThat(receive(link, LONG_WAIT)).isEqualTo(1);
        assertThat(releases).hasValue(0);
    }

    @Test
    void closeWakesAWaitingSenderAndTheMemoryGoesOnceItLeaves() throws Exception {
        LinkLifecycle link = lifecycle();
        PeerWatch.Waiter noRoom = link.waiter(() -> false);
        AtomicInteger releasesWhileInside = new AtomicInteger(-1);
        CompletableFuture<Integer> sending = Blocked.start(() -> {
            link.enterSend(10);
            try {
                return link.awaitSend(noRoom, WaitStrategy.backoff(), null);
            } catch (LinkClosedException e) {
                releasesWhileInside.set(releases.get());
                throw e;
            } finally {
                link.exitSend();
            }
        });
        link.close();
        link.close();
        assertThatThrownBy(() -> sending.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(LinkClosedException.class).hasMessage("link slot:test is closed");
        assertThat(releasesWhileInside).as("never released under a thread inside").hasValue(0);
        assertThat(releases).hasValue(1);
        assertThat(closes).hasValue(1);
        assertThatThrownBy(() -> link.enterReceive(1)).isInstanceOf(LinkClosedException.class);
    }

    @Test
    void aMessageOverTheSmallerLimitIsRefusedAndTheLinkStaysOpen() {
        LinkLifecycle link = lifecycle(ProcessIdentity.current(), 100);
        assertThatThrownBy(() -> link.enterSend(101)).isInstanceOf(MessageTooLargeException.class);
        assertThat(link.isOpen()).isTrue();
        link.enterSend(100);
        link.exitSend();
        assertThatThrownBy(() -> link.enterReceive(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, was 0");
        link.close();
        assertThat(releases).as("the refused send left the gate").hasValue(1);
    }

    @Test
    void aSendThatFindsThePeerGoneFailsEverySendButReceivingGoesOn() {
        LinkLifecycle link = lifecycle();
        peerSlot.close(peerSlot.word());
        PatchbayException why = catchFailure(() -> link.enterSend(1));
        assertThat(why).isInstanceOf(PeerClosedException.class).hasMessage("peer of slot:test closed the link");
        assertThat(link.isOpen()).isFalse();
        assertThat(catchFailure(() -> link.enterSend(1))).isSameAs(why);
        pending.set(3);
        assertThat(receive(link, 0)).as("what the peer sent is still there").isEqualTo(3);
        assertThat(closes).hasValue(0);
    }

    private static PatchbayException catchFailure(Runnable call) {
        try {
            call.run();
        } catch (PatchbayException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }
}
