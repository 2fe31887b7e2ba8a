package dev.patchbay.kit.link;

import dev.patchbay.api.Address;
import dev.patchbay.api.LinkClosedException;
import dev.patchbay.api.LinkInterruptedException;
import dev.patchbay.api.MessageTooLargeException;
import dev.patchbay.api.PatchbayException;
import dev.patchbay.api.PeerClosedException;
import dev.patchbay.sharedmem.sync.CloseGate;
import dev.patchbay.sharedmem.sync.Doorbell;
import dev.patchbay.sharedmem.sync.PeerSlot;
import dev.patchbay.sharedmem.sync.PeerWatch;
import dev.patchbay.sharedmem.sync.WaitStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The skeleton of a link whose two sides meet at {@link PeerSlot}s in shared memory or a mapped file (shm, mmap),
 * held by the link, which keeps its own medium (rings, logs) and its record code. It holds the rules every such link
 * keeps, so that they are written once:
 * <ul>
 *   <li>the peer is watched through its slot (a load per send) and its process (every
 *       {@value PeerWatch#SEND_CHECK_EVERY} sends, and every {@value #CHECK_MILLIS} ms while a call waits), so a
 *       peer that dies is noticed however idle the link is;</li>
 *   <li>waits go in slices of at most that interval; an interrupted wait ends in
 *       {@link LinkInterruptedException} with the link still open, never in a spin;</li>
 *   <li>a receive hands out everything the peer sent before it left, then fails with {@link PeerClosedException}
 *       and closes the link, and every later call reports that same failure;</li>
 *   <li>a peer found gone by a send fails every later send, while receiving may still drain what it sent;</li>
 *   <li>close runs once from any thread: the link's own close actions (mark its slot, ring the doorbells that wake
 *       waiters on both sides), then a {@link CloseGate} that releases the memory when no call is inside it.</li>
 * </ul>
 * The calls a message goes through allocate nothing.
 */
public final class LinkLifecycle {
    /** How often, at most, a waiting side asks whether the peer's process still runs. */
    public static final long CHECK_MILLIS = 100;

    private final Address address;
    private final PeerWatch peer;
    private final int sendLimit;
    private final Runnable onClose;
    private final CloseGate gate;
    private final BooleanSupplier stop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PatchbayException sendFailure;
    private volatile PatchbayException receiveFailure;

    /**
     * @param address      the link's address, for the errors' wording
     * @param peerSlot     the peer's slot, open as {@code peerWord}
     * @param receiveLimit the largest message this side accepts; a send is held to the smaller of it and the peer's
     * @param onClose      what the first {@link #close()} does before the gate shuts, while the memory is still
     *                     mapped: mark this side's slot, ring the doorbells
     * @param release      what frees the memory; run once, by whichever thread leaves the link last
     */
    public LinkLifecycle(Address address, PeerSlot peerSlot, long peerWord, int receiveLimit, Runnable onClose,
                         Runnable release) {
        this.address = address;
        this.peer = new PeerWatch(peerSlot, peerWord, TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS));
        this.sendLimit = Math.min(receiveLimit, peerSlot.maxMessage());
        this.onClose = onClose;
        this.gate = new CloseGate(release);
        // The flag close() sets first, not the gate it shuts last: onClose rings the doorbells in between, and a
        // waiter they wake must see the close then, not sleep again until its next 100 ms slice.
        this.stop = closed::get;
    }

    /** The watch on the peer, for what a link asks beyond the waits here (its pid, whether it is gone now). */
    public PeerWatch peer() {
        return peer;
    }

    /**
     * A waiter for one thread's condition that also stops at this link's close; made once per thread (one for
     * sending, one for receiving), so that its waits allocate nothing.
     */
    public PeerWatch.Waiter waiter(BooleanSupplier ready) {
        return peer.waiter(ready, stop);
    }

    /**
     * Enters a send of {@code length} bytes; the caller then sends and calls {@link #exitSend()} in a finally. On a
     * throw, nothing was entered.
     *
     * @throws LinkClosedException      if the link is closed (or the failure that closed it)
     * @throws MessageTooLargeException if {@code length} is over the smaller of the two sides' limits
     * @throws PeerClosedException      if the peer is gone, now or at an earlier send
     */
    public void enterSend(int length) {
        if (!gate.enterSend()) {
            throw closedFailure();
        }
        boolean entered = false;
        try {
            if (sendFailure != null) {
                throw sendFailure;
            }
            if (length > sendLimit) {
                throw new MessageTooLargeException(length, sendLimit);
            }
            if (peer.isGoneForSender()) {
                throw failSend(peerClosed(""));
            }
            entered = true;
        } finally {
            if (!entered) {
                gate.exitSend();
            }
        }
    }

    /** Leaves a send; the memory goes now if the link was closed meanwhile and no other call is inside. */
    public void exitSend() {
        gate.exitSend();
    }

    /**
     * Waits, inside a send, until {@code waiter}'s condition (room to write) holds.
     *
     * @param doorbell rung by the peer when it made room
     * @return {@link PeerWatch#READY}, or {@link PeerWatch#INTERRUPTED} (the interrupt stays set): the caller
     *         throws {@link #interrupted}, or sets the interrupt aside if it must finish a message it began
     * @throws PeerClosedException if the peer is gone (and every later send fails so too)
     * @throws LinkClosedException if the link was closed meanwhile
     */
    public int awaitSend(PeerWatch.Waiter waiter, WaitStrategy strategy, Doorbell doorbell) {
        int result = waiter.await(strategy, doorbell, Long.MAX_VALUE);
        if (result == PeerWatch.PEER_GONE) {
            throw failSend(peerClosed(""));
        }
        if (result == PeerWatch.STOPPED) {
            throw closedFailure();
        }
        return result;
    }

    /**
     * Enters a receive; the caller then receives and calls {@link #exitReceive()} in a finally.
     *
     * @throws IllegalArgumentException if {@code limit} is under 1
     * @throws LinkClosedException      if the link is closed (or the failure that closed it)
     */
    public void enterReceive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (!gate.enterReceive()) {
            throw closedFailure();
        }
    }

    /** Leaves a receive; the memory goes now if the link was closed meanwhile and no other call is inside. */
    public void exitReceive() {
        gate.exitReceive();
    }

    /**
     * The waiting part of a receive, after a first look found nothing: calls {@code drain} until it takes something,
     * waiting in between. A peer that sent and then left has everything it sent drained before its leaving is
     * reported.
     *
     * @param drain      takes what is there; returns how many messages it handed out
     * @param doorbell   rung by the peer after it wrote
     * @param midMessage asked once the peer is gone: whether it left in the middle of a message, which the error
     *                   then says; made once by the link, since a capturing lambda per call is garbage
     * @return what {@code drain} returned, or 0 if the timeout passed first
     * @throws PeerClosedException       once the peer is gone and nothing is left (the link is then closed)
     * @throws LinkInterruptedException  if the thread was interrupted while it waited (the link stays open)
     * @throws LinkClosedException       if the link was closed meanwhile
     */
    public int awaitReceive(PeerWatch.Waiter waiter, IntSupplier drain, WaitStrategy strategy, Doorbell doorbell,
                            long timeoutNanos, BooleanSupplier midMessage) {
        int n = waiter.drain(drain, strategy, doorbell, timeoutNanos);
        if (n == PeerWatch.STOPPED) {
            throw closedFailure();
        }
        if (n == PeerWatch.INTERRUPTED) {
            throw interrupted("in receive on " + address);
        }
        if (n == PeerWatch.PEER_GONE) {
            throw failReceive(peerClosed(midMessage.getAsBoolean() ? " in the middle of a message" : ""));
        }
        return n;
    }

    /**
     * Enters the watch lane, for a thread that only looks at the mapping (a host's agent reading a futex word while
     * another thread may send); false (and not entered) once the link is closed.
     */
    public boolean enterWatch() {
        return gate.enterWatch();
    }

    /** Leaves the watch lane. */
    public void exitWatch() {
        gate.exitWatch();
    }

    /** That a wait was interrupted, e.g. {@code waitingFor} "in receive on shm:orders"; the link stays open. */
    public LinkInterruptedException interrupted(String waitingFor) {
        return new LinkInterruptedException("interrupted while waiting " + waitingFor + "; the link is still open");
    }

    /** {@code "peer of <address> <why it is gone><detail>"}, once the peer is gone. */
    public PeerClosedException peerClosed(String detail) {
        return new PeerClosedException("peer of " + address + " " + peer.reason() + detail);
    }

    /** Fails every later send with {@code failure} (the link stays open for receiving); returns it to be thrown. */
    public PatchbayException failSend(PatchbayException failure) {
        sendFailure = failure;
        return failure;
    }

    /** Closes the link because a receive failed; every later call reports {@code failure}. Returns it to be thrown. */
    public PatchbayException failReceive(PatchbayException failure) {
        receiveFailure = failure;
        close();
        return failure;
    }

    /** That the link is closed; or, if a receive closed it (the peer left, say), that failure. */
    public PatchbayException closedFailure() {
        PatchbayException why = receiveFailure;
        return why != null ? why : new LinkClosedException("link " + address + " is closed");
    }

    /** False once the link is closed or a send found the peer gone. */
    public boolean isOpen() {
        return !closed.get() && sendFailure == null;
    }

    /** True once {@link #close()} was called (by the link's user or by a failed receive). */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * The first call runs the link's close actions, then shuts the gate: calls waiting inside wake (the close
     * actions rang their doorbells) and throw, and the memory is released when the last of them leaves, or at once.
     * Never waits; later calls do nothing.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onClose.run();
        gate.close();
    }
}
