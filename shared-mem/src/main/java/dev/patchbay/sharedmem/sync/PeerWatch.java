package dev.patchbay.sharedmem.sync;

import dev.patchbay.sharedmem.runtime.ProcessIdentity;

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
    /** The peer's process as of {@link #word}, made at its first check: the same each time. */
    private volatile ProcessIdentity holder;

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
        return isGone(System.nanoTime());
    }

    /** {@link #isGone()} at {@code time}, a {@link System#nanoTime()} the caller read anyway. */
    private boolean isGone(long time) {
        if (reason != null) {
            return true;
        }
        long now = slot.word();
        if (now != word || PeerSlot.state(now) != PeerSlot.OPEN) {
            reason = PeerSlot.state(now) == PeerSlot.CLOSED && PeerSlot.pid(now) == pid()
                    ? "closed the link" : "left (its slot is now " + PeerSlot.describe(now) + ")";
            return true;
        }
        if (time - lastCheck >= intervalNanos) {
            lastCheck = time;
            if (!holder().isAliveLately()) {
                reason = "died (process " + pid() + " is gone)";
            }
        }
        return reason != null;
    }

    private ProcessIdentity holder() {
        ProcessIdentity identity = holder;
        if (identity == null) {
            identity = slot.holder(word);
            holder = identity;
        }
        return identity;
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
     * A {@link Waiter} for one waiting thread's condition: made once (a link makes one for its sending and one for
     * its receiving thread), so that its waits allocate nothing.
     *
     * @param ready true when the waited-for thing is there (records to read, space to write)
     * @param stop  true when the caller must stop waiting (its own close)
     */
    public Waiter waiter(BooleanSupplier ready, BooleanSupplier stop) {
        return new Waiter(ready, stop);
    }

    /**
     * {@link Waiter#drain} with a waiter made for this call; a caller that waits often keeps a {@link #waiter}.
     */
    public int drain(IntSupplier drain, WaitStrategy strategy, BooleanSupplier ready, BooleanSupplier stop,
                     Doorbell doorbell, long timeoutNanos) {
        return waiter(ready, stop).drain(drain, strategy, doorbell, timeoutNanos);
    }

    /**
     * {@link Waiter#await} with a waiter made for this call; a caller that waits often keeps a {@link #waiter}.
     */
    public int await(WaitStrategy strategy, BooleanSupplier ready, BooleanSupplier stop, Doorbell doorbell,
                     long timeoutNanos) {
        return waiter(ready, stop).await(strategy, doorbell, timeoutNanos);
    }

    /** Waits of one thread for one condition of the pair; used by one thread at a time. */
    public final class Waiter {
        private final BooleanSupplier ready;
        private final BooleanSupplier stop;
        /** What wakes the strategy: made here once, since a lambda capturing the conditions is an object per wait. */
        private final BooleanSupplier wake;

        private Waiter(BooleanSupplier ready, BooleanSupplier stop) {
            this.ready = ready;
            this.stop = stop;
            this.wake = () -> ready.getAsBoolean() || stop.getAsBoolean() || hasLeft();
        }

        /**
         * The receiving loop of a pair: calls {@code drain} (which takes what the peer wrote and says how much) until
         * it returns a positive count, waiting with {@link #await} in between. The peer's state is read before each
         * call, so a peer that wrote and then left has everything it wrote drained before its leaving is reported.
         *
         * @param drain    takes what is there; returns how many items it took
         * @param doorbell rung by the peer after it wrote; required by {@link FutexWait}
         * @return what {@code drain} returned; 0 if the timeout passed first; {@link PeerWatch#STOPPED};
         *         {@link PeerWatch#INTERRUPTED} if the thread is interrupted while it waits (the interrupt stays
         *         set); or {@link PeerWatch#PEER_GONE} once the peer is gone and nothing is left
         */
        public int drain(IntSupplier drain, WaitStrategy strategy, Doorbell doorbell, long timeoutNanos) {
            // One read of the clock per pass: each costs as much as a look at the ring (50-100 ns on a VM), and a
            // receive that finds the ring empty used to read it five times before it began to wait.
            long start = System.nanoTime();
            long now = start;
            while (true) {
                boolean gone = isGone(now);
                int n = drain.getAsInt();
                if (n > 0) {
                    return n;
                }
                if (gone) {
                    return PEER_GONE;
                }
                long left = timeoutNanos - (now - start);
                if (left <= 0) {
                    return 0;
                }
                int result = await(strategy, doorbell, left, now);
                if (result == STOPPED || result == INTERRUPTED) {
                    return result;
                }
                now = System.nanoTime();
            }
        }

        /**
         * Waits with {@code strategy} until the ready condition holds, the stop condition holds, the peer is gone or
         * the timeout passes, whichever comes first. The strategy waits in slices of at most the check interval, so
         * a peer that died without a word is noticed within about that interval; one that closed is noticed at once
         * if it rings {@code doorbell} after closing.
         *
         * @param doorbell rung by the peer when the ready condition may have become true; required by
         *                 {@link FutexWait}
         * @return {@link PeerWatch#READY}, {@link PeerWatch#TIMED_OUT}, {@link PeerWatch#STOPPED},
         *         {@link PeerWatch#PEER_GONE} or {@link PeerWatch#INTERRUPTED}
         */
        public int await(WaitStrategy strategy, Doorbell doorbell, long timeoutNanos) {
            return await(strategy, doorbell, timeoutNanos, System.nanoTime());
        }

        /** {@link #await(WaitStrategy, Doorbell, long)} from {@code start}, a clock the caller read just now. */
        private int await(WaitStrategy strategy, Doorbell doorbell, long timeoutNanos, long start) {
            long now = start;
            while (true) {
                if (ready.getAsBoolean()) {
                    return READY;
                }
                if (stop.getAsBoolean()) {
                    return STOPPED;
                }
                if (isGone(now)) {
                    return PEER_GONE;
                }
                if (Thread.currentThread().isInterrupted()) {
                    return INTERRUPTED;
                }
                long left = timeoutNanos - (now - start);
                if (left <= 0) {
                    return TIMED_OUT;
                }
                strategy.await(wake, doorbell, Math.min(left, intervalNanos));
                now = System.nanoTime();
            }
        }
    }
}
