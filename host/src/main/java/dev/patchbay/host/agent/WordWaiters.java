package dev.patchbay.host.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Futex;
import dev.patchbay.sharedmem.posix.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sleepers behind one agent thread's quiet shared-memory channels: each is a thread asleep in futex_waitv(2) on
 * up to {@value #PER_THREAD} readiness words, beside a control word of its own, and wakes the agent (its
 * {@link WakeFd}, which the agent polls beside its descriptors) when one of them changes. The agent owns the
 * channels and reads them; a sleeper only watches.
 *
 * <p>A sleeper that woke the agent waits for the agent to give it its words anew (the control word changes), so a
 * word that keeps changing cannot make it spin. Every sleep ends after {@link #MAX_SLEEP_NANOS} at the latest, a
 * safety net for a wake-up lost to a writer that died between writing and waking.
 */
final class WordWaiters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WordWaiters.class);

    /** Words per sleeper: futex_waitv's limit less the control word. */
    static final int PER_THREAD = Futex.WAITV_MAX - 1;
    /**
     * As rare as the agents' own safety-net look at a channel with a pidfd, which also notices a word that changed
     * without a wake-up: waking more often would only rewrite the same sleep.
     */
    static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long[] NO_ADDRESSES = {};
    private static final int[] NO_VALUES = {};

    private final WakeFd wake;
    private final String name;
    private final List<Sleeper> sleepers = new ArrayList<>();

    WordWaiters(WakeFd wake, String name) {
        this.wake = wake;
        this.name = name;
    }

    /**
     * Gives the sleepers the words to watch: {@code addresses[i]} for as long as it holds {@code values[i]}, for
     * {@code i < count}. Starts sleepers as needed; those left over watch nothing. {@code renew} hands the words
     * anew to each sleeper that woke the agent, even where they did not change: after the agent answered a wake-up,
     * so that sleeper goes back to sleep.
     */
    void watch(long[] addresses, int[] values, int count, boolean renew) {
        int needed = (count + PER_THREAD - 1) / PER_THREAD;
        while (sleepers.size() < needed) {
            Sleeper s = new Sleeper();
            Thread t = new Thread(s, name + "-words-" + (sleepers.size() + 1));
            t.setDaemon(true);
            s.thread = t;
            sleepers.add(s);
            t.start();
        }
        for (int i = 0; i < sleepers.size(); i++) {
            int from = Math.min(count, i * PER_THREAD);
            int to = Math.min(count, from + PER_THREAD);
            sleepers.get(i).give(Arrays.copyOfRange(addresses, from, to), Arrays.copyOfRange(values, from, to),
                    renew);
        }
    }

    /** Stops and waits briefly for every sleeper. */
    @Override
    public void close() {
        for (Sleeper s : sleepers) {
            s.stop();
        }
        for (Sleeper s : sleepers) {
            try {
                s.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Sleeper s : sleepers) {
            if (!s.thread.isAlive()) {
                s.free();
            }
        }
    }

    /** One sleeper thread and the native memory of its futex_waitv. */
    private final class Sleeper implements Runnable {
        private final Memory control = new Memory(4);
        private final Memory vector = new Memory((long) Futex.WAITV_MAX * Futex.WAITV_ENTRY_SIZE);
        private final Memory deadline = new Memory(Time.TIMESPEC_SIZE);
        private volatile long[] addresses = NO_ADDRESSES;
        private volatile int[] values = NO_VALUES;
        /** Bumped by each {@link #give}; the control word holds it. */
        private volatile int generation;
        private volatile boolean running = true;
        /** It woke the agent and waits for the words anew: only such a sleeper needs a renewal. */
        private volatile boolean awaiting;
        /** The words the vector holds (entries 1..n), so that a sleep after a timeout does not write them again. */
        private long[] written;
        private int[] writtenValues;
        Thread thread;

        Sleeper() {
            control.setInt(0, 0);
        }

        /**
         * Called by the agent thread only. A renewal reaches only a sleeper that woke the agent: the others sleep on
         * words the agent still wants, and waking them would cost each a rewrite of its vector for nothing.
         */
        void give(long[] newAddresses, int[] newValues, boolean renew) {
            boolean same = Arrays.equals(newAddresses, addresses) && Arrays.equals(newValues, values);
            if (same && !(renew && awaiting)) {
                return;
            }
            if (!same) {
                addresses = newAddresses;
                values = newValues;
            }
            bump();
        }

        void stop() {
            running = false;
            bump();
        }

        private void bump() {
            int next = generation + 1;
            generation = next;
            control.setInt(0, next);
            Futex.futexWake(Pointer.nativeValue(control), 1);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    int seen = generation;
                    long[] a = addresses;
                    int[] v = values;
                    int result = sleep(seen, a, v);
                    if (!running || generation != seen || result == 0 || result == -Errno.ETIMEDOUT
                            || result == -Errno.EINTR) {
                        continue;
                    }
                    // A word changed (woken, or it differed already, or its mapping is gone: EFAULT): the agent
                    // looks, then gives the words anew.
                    // Set before the signal: an agent that sees the signal then renews this sleeper.
                    awaiting = true;
                    wake.signal();
                    awaitNewGeneration(seen);
                    awaiting = false;
                }
            } catch (RuntimeException e) {
                LOG.warn("{} stopped watching words: {}", thread.getName(), e.toString());
                wake.signal();
            }
        }

        /** futex_waitv on the control word and the given words; the result as {@link Futex#futexWaitv} says. */
        private int sleep(int seen, long[] a, int[] v) {
            long base = Pointer.nativeValue(vector);
            entry(base, 0, seen, Pointer.nativeValue(control));
            // Each entry is four native writes: skip them when the words are the ones already in the vector.
            if (a != written || v != writtenValues) {
                for (int i = 0; i < a.length; i++) {
                    entry(base, i + 1, v[i], a[i]);
                }
                written = a;
                writtenValues = v;
            }
            setDeadline(MAX_SLEEP_NANOS);
            return Futex.futexWaitv(base, a.length + 1, Pointer.nativeValue(deadline));
        }

        private void entry(long base, int index, int value, long address) {
            long at = (long) index * Futex.WAITV_ENTRY_SIZE;
            vector.setLong(at, value & 0xFFFF_FFFFL);
            vector.setLong(at + 8, address);
            vector.setInt(at + 16, Futex.FUTEX2_SIZE_U32);
            vector.setInt(at + 20, 0);
        }

        private void awaitNewGeneration(int seen) {
            // FUTEX_WAIT takes a relative timeout.
            deadline.setLong(Time.TV_SEC_OFFSET, MAX_SLEEP_NANOS / 1_000_000_000L);
            deadline.setLong(Time.TV_NSEC_OFFSET, MAX_SLEEP_NANOS % 1_000_000_000L);
            while (running && generation == seen) {
                Futex.futexWait(Pointer.nativeValue(control), seen, Pointer.nativeValue(deadline));
            }
        }

        private void setDeadline(long afterNanos) {
            try {
                Time.clock_gettime(Time.CLOCK_MONOTONIC, Pointer.nativeValue(deadline));
            } catch (LastErrorException e) {
                throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed: errno " + e.getErrorCode());
            }
            long nanos = deadline.getLong(Time.TV_NSEC_OFFSET) + afterNanos;
            deadline.setLong(Time.TV_SEC_OFFSET, deadline.getLong(Time.TV_SEC_OFFSET) + nanos / 1_000_000_000L);
            deadline.setLong(Time.TV_NSEC_OFFSET, nanos % 1_000_000_000L);
        }

        void free() {
            control.close();
            vector.close();
            deadline.close();
        }
    }
}
