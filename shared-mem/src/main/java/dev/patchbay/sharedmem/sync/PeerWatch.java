package dev.patchbay.sharedmem.sync;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Watches the other side of a pair through its {@link PeerSlot}, and waits for conditions that side makes true
 * without ever waiting past its end.
 *
 * <p>The peer has <em>left</em> when its slot's word differs from the one seen when the pair met (it closed, or the
 * slot was taken over): one volatile load, cheap enough for every message. It has <em>died</em> when its process
 * identity is no longer alive: a read of {@code /proc}, done at most once per {@code intervalNanos} while waiting
 * (or when a caller asks). Neither depends on traffic, so an idle pair stays up for as long as both processes run.
 *
 * <p>Thread-safe: a sending and a receiving thread may share one watch.
 */
public final class PeerWatch {
    /** {@link #await} result: the condition holds. */
    public static final int READY = 1;
    /** {@link #await} result: the timeout passed first. */
    public static final int TIMED_OUT = 0;
    /** {@link #await} result: the caller's stop condition (its own close) holds. */
    public static final int STOPPED = -1;
    /** {@link #await} result: the peer left or died; see {@link #reason()}. */
    public static final int PEER_GONE = -2;
    /** {@link #await} result: the waiting thread is interrupted (the interrupt stays set). */
    public static final int INTERRUPTED = -3;

    /** A sender checks the peer's process every this many sends (and at most once per interval). */
    public static final int SEND_CHECK_EVERY = 64;

    private final PeerSlot slot;
    private final long word;
    private final long intervalNanos;
    private volatile long lastCheck;
    private volatile String reason;
    private int sends;

    /**
     * @param slot          the peer's slot
     * @param word          the peer's word when the pair met: OPEN, or CLOSED if it already left
     * @param intervalNanos how often, at most, to ask /proc whether the peer still runs
     */
    public PeerWatch(PeerSlot slot, long word, long intervalNanos) {
        this.slot = slot;
        this.word = word;
        this.intervalNanos = intervalNanos;
        this.lastCheck = System.nanoTime();
    }

    /** The peer's pid. */
    public long pid() {
        return PeerSlot.pid(word);
    }

    /**
     * True if the peer's slot changed since the pair met (closed or taken over), or was not open even then (a
     * peer that came and went before it was looked at): one volatile load.
     */
    public boolean hasLeft() {
        return slot.word() != word || PeerSlot.state(word) != PeerSlot.OPEN;
    }

    /**
     * True once the peer left or died. Asks /proc only if the last check is {@code intervalNanos} old; after a
     * true answer, always true.
     */
    public boolean isGone() {
        if (reason != null) {
            return true;
        }
        long now = slot.word();
        if (now != word || PeerSlot.state(now) != PeerSlot.OPEN) {
            reason = PeerSlot.state(now) == PeerSlot.CLOSED && PeerSlot.pid(now) == pid()
                    ? "closed the link" : "left (its slot is now " + PeerSlot.describe(now) + ")";
            return true;
        }
        long time = System.nanoTime();
        if (time - lastCheck >= intervalNanos) {
            lastCheck = time;
            if (!slot.holder(word).isAliveLately()) {
                reason = "died (process " + pid() + " is gone)";
            }
        }
        return reason != null;
    }

    /**
     * For the sending thread, which may never wait (and so never check): true once the peer is gone, looking past
     * the slot (at /proc, at most once per interval) only every {@value #SEND_CHECK_EVERY}th call.
     */
    public boolean isGoneForSender() {
        return (hasLeft() || ++sends % SEND_CHECK_EVERY == 0) && isGone();
    }

    /**
     * True if the process that holds the peer's slot runs now (same pid, same start time), asking /proc; changes
     * nothing this watch remembers. For a caller that just opened something by pid and must know it is the peer.
     */
    public boolean holderRunsNow() {
        return slot.holder(word).isAlive();
    }

    /** Like {@link #isGone()}, asking /proc now whatever the interval. */
    public boolean isGoneNow() {
        lastCheck = System.nanoTime() - intervalNanos;
        return isGone();
    }

    /** Why the peer is gone, e.g. "closed the link" or "died (process 123 is gone)"; null while it is there. */
    public String reason() {
        return reason;
    }

    /**
     * The receiving loop of a pair: calls {@code drain} (which takes what the peer wrote and says how much) until it
     * returns a positive count, waiting with {@link #await} in between. The peer's state is read before each call,
     * so a peer that wrote and then left has everything it wrote drained before its leaving is reported.
     *
     * @param drain    takes what is there; returns how many items it took
     * @param ready    true when {@code drain} would find something
     * @param doorbell rung by the peer after it wrote; required by {@link FutexWait}
     * @return what {@code drain} returned; 0 if the timeout passed first; {@link #STOPPED}; {@link #INTERRUPTED}
     *         if the thread is interrupted while it waits (the interrupt stays set); or {@link #PEER_GONE} once the
     *         peer is gone and nothing is left
     */
    public int drain(IntSupplier drain, WaitStrategy strategy, BooleanSupplier ready, BooleanSupplier stop,
                     Doorbell doorbell, long timeoutNanos) {
        long start = System.nanoTime();
        while (true) {
            boolean gone = isGone();
            int n = drain.getAsInt();
            if (n > 0) {
                return n;
            }
            if (gone) {
                return PEER_GONE;
            }
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return 0;
            }
            int result = await(strategy, ready, stop, doorbell, left);
            if (result == STOPPED || result == INTERRUPTED) {
                return result;
            }
        }
    }

    /**
     * Waits with {@code strategy} until {@code ready} holds, {@code stop} holds, the peer is gone or the timeout
     * passes, whichever comes first. The strategy waits in slices of at most the check interval, so a peer that
     * died without a word is noticed within about that interval; one that closed is noticed at once if it rings
     * {@code doorbell} after closing.
     *
     * @param doorbell rung by the peer when {@code ready} may have become true; required by {@link FutexWait}
     * @return {@link #READY}, {@link #TIMED_OUT}, {@link #STOPPED}, {@link #PEER_GONE} or {@link #INTERRUPTED}
     */
    public int await(WaitStrategy strategy, BooleanSupplier ready, BooleanSupplier stop, Doorbell doorbell,
                     long timeoutNanos) {
        BooleanSupplier wake = () -> ready.getAsBoolean() || stop.getAsBoolean() || hasLeft();
        long start = System.nanoTime();
        while (true) {
            if (ready.getAsBoolean()) {
                return READY;
            }
            if (stop.getAsBoolean()) {
                return STOPPED;
            }
            if (isGone()) {
                return PEER_GONE;
            }
            if (Thread.currentThread().isInterrupted()) {
                return INTERRUPTED;
            }
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return TIMED_OUT;
            }
            strategy.await(wake, doorbell, Math.min(left, intervalNanos));
        }
    }
}
