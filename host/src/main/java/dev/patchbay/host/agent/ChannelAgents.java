package dev.patchbay.host.agent;

import dev.patchbay.api.ReadinessWord;
import dev.patchbay.host.channel.Channel;
import dev.patchbay.host.channel.ChannelState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed set of threads that look after the channels whose application is not inside {@code receive}:
 * each reads what arrived without waiting ({@link Channel#serviceIdle}), so control frames are handled and a
 * migration completes whether or not the application receives. Each channel belongs to one thread (by identity).
 *
 * <p>Cost: a quiet channel whose link has a descriptor ({@link Channel#idleReadinessFd}: pipes, fifos) is not
 * looked at at all until poll(2) says something came; one thread waits for all of its channels in one poll, so a
 * thousand idle fifo channels cost a few poll calls a second. A quiet channel whose link has a futex word
 * instead ({@link Channel#idleReadinessWord}: shared memory with {@code wait=futex}) is watched by
 * {@link WordWaiters}, threads asleep in futex_waitv that wake this one through an eventfd in its poll; its link's
 * descriptor, if it gives one beside the word (the peer's pidfd), is polled for the peer's death. Such a channel is
 * also looked at every {@link #WORD_PERIOD_NANOS} ({@link #WORD_AND_FD_PERIOD_NANOS} with a descriptor), to notice
 * a peer that died without a word; these looks fall on a grid of their own period, so a thread makes them all in one
 * round and otherwise wakes only every {@link #LONGEST_WAIT_NANOS}. A quiet channel with
 * neither is looked at every {@link #QUIET_PERIOD_NANOS}; one with a migration under way, or that just had
 * traffic, every {@link #BUSY_PERIOD_NANOS}, except a quiet one in its health window: every
 * {@link #TRIAL_PERIOD_NANOS}. Quiet looks fall on a {@link #GRID_NANOS} grid, so a thread wakes a
 * few times a second for all of them together. Between rounds a thread waits in poll (its own eventfd included, which
 * {@link #wake} and the word sleepers signal), never spins: until the next channel is due, at most
 * {@link #LONGEST_WAIT_NANOS} and at least {@link #MIN_PARK_NANOS} when all are quiet.
 */
public final class ChannelAgents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelAgents.class);

    /** How long after its application last received a channel is left to the agents. */
    static final long UNATTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long QUIET_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final long WORD_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long WORD_AND_FD_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long BUSY_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * A quiet channel in its health window waits for COMMIT, or its confirmation, from the other side. Looking every
     * 50 ms saved a sixth of a patch's CPU, but the canary's commit, which every other channel waits for, then came
     * up to two looks later: a patch of 1,000 fifo channels took 1.43 s instead of 1.32 s (p50 of 100).
     */
    static final long TRIAL_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /**
     * Quiet looks fall on this grid, so that a thread's channels are looked at together a few times a second rather
     * than each on its own clock, which would wake the thread for every one of them.
     */
    static final long GRID_NANOS = QUIET_PERIOD_NANOS;
    /** The longest a thread waits when nothing is due: channels added meanwhile wake it ({@link #add}). */
    static final long LONGEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Thread[] threads;
    private final Round[] rounds;
    private final LongAdder looks = new LongAdder();
    private final LongAdder passes = new LongAdder();
    private volatile boolean running = true;

    private ChannelAgents(int count) {
        threads = new Thread[count];
        rounds = new Round[count];
        for (int i = 0; i < count; i++) {
            Round round = new Round();
            rounds[i] = round;
            threads[i] = new Thread(round::loop, "patchbay-agent-" + (i + 1));
            threads[i].setDaemon(true);
        }
    }

    /** Starts {@code count} agent threads, with no channels yet ({@link #add}). */
    public static ChannelAgents start(int count) {
        ChannelAgents agents = new ChannelAgents(count);
        for (Thread t : agents.threads) {
            t.start();
        }
        return agents;
    }

    /** What one agent thread knows of each of its channels. */
    private static final class Watch {
        final Channel channel;
        /** When to look at the channel next, unless it waits on its descriptor. */
        long due;
        /** The descriptor it waits on in poll, or -1 when it is looked at by the clock. */
        int armedFd = -1;
        /** The futex word it is registered on, or null. */
        ReadinessWord armedWord;
        /** The word's value when last looked at. */
        int seen;
        /** poll said the descriptor had something, or the word changed. */
        boolean readable;

        Watch(Channel channel) {
            this.channel = channel;
        }
    }

    /** One agent thread's loop and state. */
    private final class Round {
        private final Queue<Channel> added = new ConcurrentLinkedQueue<>();
        private final Queue<Channel> removed = new ConcurrentLinkedQueue<>();
        /**
         * This thread's channels, changed only by {@link #add} and {@link #remove}: a round during a patch comes
         * every millisecond, and walking the host's map and hashing each channel in it cost more than the looks.
         */
        private final List<Watch> mine = new ArrayList<>();
        private final List<Watch> polled = new ArrayList<>();
        private final PollSet pollSet = new PollSet();
        private final List<Watch> worded = new ArrayList<>();
        private long[] wordAddresses = new long[64];
        private int[] wordValues = new int[64];
        private final WakeFd wakeFd = new WakeFd();
        private WordWaiters wordWaiters;
        private boolean renewWords;

        void loop() {
            try {
                while (running) {
                    try {
                        round();
                    } catch (RuntimeException e) {
                        // A channel's trouble is its own (service catches it); this is the agent's: keep going.
                        LOG.warn("agent round failed, retrying: {}", e.toString());
                        LockSupport.parkNanos(ChannelAgents.this, QUIET_PERIOD_NANOS);
                    }
                }
            } finally {
                pollSet.close();
                if (wordWaiters != null) {
                    wordWaiters.close();
                }
            }
        }

        private void round() {
            passes.increment();
            long now = System.nanoTime();
            long nextDue = now + LONGEST_WAIT_NANOS;
            boolean busy = false;
            takeArrivalsAndDepartures();
            polled.clear();
            pollSet.clear();
            worded.clear();
            for (int k = 0; k < mine.size(); k++) {
                Watch w = mine.get(k);
                Channel channel = w.channel;
                boolean readable = w.readable;
                w.readable = false;
                boolean fdQuiet = w.armedFd >= 0 && stillQuiet(channel, w.armedFd, now);
                boolean wordQuiet = w.armedWord != null && stillQuiet(channel, w.armedWord, now);
                if (!readable && (w.armedFd >= 0 || w.armedWord != null) && (w.armedFd < 0 || fdQuiet)
                        && (w.armedWord == null || wordQuiet && w.due - now > 0)) {
                    if (w.armedFd >= 0) {
                        arm(w);
                    }
                    if (w.armedWord != null) {
                        worded.add(w);
                        nextDue = Math.min(nextDue, w.due);
                    }
                    continue;
                }
                // A channel that stops being quiet (a migration began, its application came back, its link
                // changed) is looked at now, not when its quiet clock would have come round.
                if (w.armedFd >= 0 && !fdQuiet) {
                    w.armedFd = -1;
                    w.due = now;
                }
                if (w.armedWord != null) {
                    if (wordQuiet) {
                        // Staying registered: the value read before looking is the one to sleep on.
                        w.seen = w.armedWord.value();
                    } else {
                        disarm(w);
                        w.due = now;
                    }
                }
                if (!readable && w.armedFd < 0 && w.armedWord == null && w.due - now > 0) {
                    nextDue = Math.min(nextDue, w.due);
                    continue;
                }
                if (w.armedWord == null && channel.unattendedFor(UNATTENDED_NANOS, now)) {
                    // Register before looking, so that a message written after the look changes the word.
                    Optional<ReadinessWord> word = channel.idleReadinessWord();
                    if (word.isPresent()) {
                        w.armedWord = word.get();
                        w.seen = w.armedWord.arm();
                    }
                }
                int frames = service(channel, now);
                boolean channelBusy = frames > 0 || channel.state().inTransition();
                OptionalInt fd = channelBusy || !channel.unattendedFor(UNATTENDED_NANOS, now)
                        ? OptionalInt.empty() : channel.idleReadinessFd();
                // Readable yet nothing to read (its parked messages are full, say) would wake poll at once again:
                // such a channel goes by the clock until it reads something.
                boolean keep = !channelBusy && !(readable && frames == 0);
                if (w.armedWord != null) {
                    if (keep && stillQuiet(channel, w.armedWord, now)) {
                        // With a descriptor for the peer's death beside the word, the clock is only a safety net.
                        w.armedFd = fd.orElse(-1);
                        if (w.armedFd >= 0) {
                            arm(w);
                        }
                        // On the period's own grid, so that a thread's safety-net looks fall in one round rather
                        // than a few of them in every quarter-second round: a round costs a pass over all channels
                        // and a poll of all their descriptors, whatever it looks at.
                        long period = w.armedFd >= 0 ? WORD_AND_FD_PERIOD_NANOS : WORD_PERIOD_NANOS;
                        w.due = onGrid(now + period / 2, period);
                        worded.add(w);
                        nextDue = Math.min(nextDue, w.due);
                        continue;
                    }
                    disarm(w);
                }
                if (fd.isPresent() && keep) {
                    w.armedFd = fd.getAsInt();
                    arm(w);
                    continue;
                }
                w.armedFd = -1;
                busy |= channelBusy;
                w.due = !channelBusy ? onGrid(now + QUIET_PERIOD_NANOS)
                        : frames == 0 && (channel.state() == ChannelState.PROBATION || channel.awaitingSwitch())
                        ? onTrialGrid(now)
                        : now + BUSY_PERIOD_NANOS;
                nextDue = Math.min(nextDue, w.due);
            }
            boolean words = giveWords();
            long wait = nextDue - System.nanoTime();
            if (!busy) {
                wait = Math.max(wait, MIN_PARK_NANOS);
            }
            if (wait <= 0) {
                return;
            }
            // The wake descriptor ends the wait when a sleeper saw a word change, or a channel was added.
            pollSet.add(wakeFd.fd());
            int woken = pollSet.await(wait);
            if (woken > 0) {
                for (int i = 0; i < polled.size(); i++) {
                    if (pollSet.ready(i)) {
                        polled.get(i).readable = true;
                    }
                }
                if (pollSet.ready(polled.size())) {
                    wakeFd.clear();
                    renewWords = words;
                    for (int i = 0; i < worded.size(); i++) {
                        Watch w = worded.get(i);
                        if (w.armedWord.value() != w.seen) {
                            w.readable = true;
                        }
                    }
                }
            }
        }

        /** Hands this round's words to the sleepers; false if there are none (and no sleepers to stop). */
        private boolean giveWords() {
            int n = worded.size();
            if (n == 0 && wordWaiters == null) {
                return false;
            }
            if (wordWaiters == null) {
                wordWaiters = new WordWaiters(wakeFd, Thread.currentThread().getName());
            }
            if (wordAddresses.length < n) {
                wordAddresses = new long[Math.max(n, 2 * wordAddresses.length)];
                wordValues = new int[wordAddresses.length];
            }
            for (int i = 0; i < n; i++) {
                Watch w = worded.get(i);
                wordAddresses[i] = w.armedWord.address();
                wordValues[i] = w.seen;
            }
            wordWaiters.watch(wordAddresses, wordValues, n, renewWords);
            renewWords = false;
            return n > 0;
        }

        private void disarm(Watch w) {
            w.armedWord.disarm();
            w.armedWord = null;
        }

        private void arm(Watch w) {
            polled.add(w);
            pollSet.add(w.armedFd);
        }

        /**
         * Takes in the channels added since the last round and lets go of those removed. A channel leaves only once
         * closed, and closing its link withdrew its word's registration; the sleepers let go of the word when this
         * round hands them the new list.
         */
        private void takeArrivalsAndDepartures() {
            for (Channel channel; (channel = added.poll()) != null; ) {
                // One that closed before it was added (its removal may have come first) is not taken in.
                if (!channel.state().ended()) {
                    mine.add(new Watch(channel));
                }
            }
            if (removed.isEmpty()) {
                return;
            }
            Set<Channel> gone = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Channel channel; (channel = removed.poll()) != null; ) {
                gone.add(channel);
            }
            mine.removeIf(w -> gone.contains(w.channel));
        }
    }

    /**
     * When to look next at a quiet channel in its health window, or holding a new link it has not switched to: its
     * new link carries nothing, and the next step (COMMIT or a fallback; SWITCH or ABORT) comes from the other side
     * in its own time (a patch's channels switch when its canary commits). On a grid of its own, so that a patch's
     * thousand channels waiting at once are looked at together, not each in a round of its own.
     */
    static long onTrialGrid(long now) {
        return onGrid(now + TRIAL_PERIOD_NANOS, TRIAL_PERIOD_NANOS);
    }

    /** The first point of the quiet-look grid at or after {@code nanos}. */
    static long onGrid(long nanos) {
        return onGrid(nanos, GRID_NANOS);
    }

    /** The first multiple of {@code grid} at or after {@code nanos}. */
    static long onGrid(long nanos, long grid) {
        long rest = Math.floorMod(nanos, grid);
        return rest == 0 ? nanos : nanos - rest + grid;
    }

    /** Gives a new channel to one of the threads (by identity), which looks at it at once. */
    public void add(Channel channel) {
        Round round = roundOf(channel);
        round.added.add(channel);
        round.wakeFd.signal();
    }

    /** Takes a closed channel off its thread, at that thread's next round. */
    public void remove(Channel channel) {
        roundOf(channel).removed.add(channel);
    }

    private Round roundOf(Channel channel) {
        return rounds[Math.floorMod(System.identityHashCode(channel), rounds.length)];
    }

    /** Has every thread look at its channels now (a migration began, say). */
    public void wake() {
        for (Round round : rounds) {
            round.wakeFd.signal();
        }
    }

    /** Still worth waiting on {@code fd}: unattended, no migration, and the same descriptor (no new link). */
    private static boolean stillQuiet(Channel channel, int fd, long now) {
        if (!channel.unattendedFor(UNATTENDED_NANOS, now)) {
            return false;
        }
        OptionalInt current = channel.idleReadinessFd();
        return current.isPresent() && current.getAsInt() == fd;
    }

    /** Still worth sleeping on {@code word}: unattended, no migration, and the same link's word. */
    private static boolean stillQuiet(Channel channel, ReadinessWord word, long now) {
        if (!channel.unattendedFor(UNATTENDED_NANOS, now)) {
            return false;
        }
        Optional<ReadinessWord> current = channel.idleReadinessWord();
        return current.isPresent() && current.get() == word;
    }

    /** Services one channel; how many frames it read (0 when its application receives or nothing came). */
    private int service(Channel channel, long now) {
        if (!channel.unattendedFor(UNATTENDED_NANOS, now)) {
            // Its application receives, and handles control frames itself; look again soon in case it stops.
            return 0;
        }
        looks.increment();
        try {
            return channel.serviceIdle();
        } catch (RuntimeException e) {
            LOG.debug("agent could not service channel {}: {}", channel.name(), e.toString());
            return 0;
        }
    }

    /**
     * How many times the agents have looked at a channel (read from its link without waiting) since they started:
     * what idle channels cost, which a scale run reports per second.
     */
    public long looks() {
        return looks.sum();
    }

    /**
     * How many rounds the agent threads have made since they started: each is a pass over the thread's channels and
     * a poll of their descriptors, whether or not it looks at any, so this, not only {@link #looks}, is what a host
     * of quiet channels pays for.
     */
    public long rounds() {
        return passes.sum();
    }

    /** Stops the threads and waits briefly for them. */
    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < threads.length; i++) {
            if (!threads[i].isAlive()) {
                rounds[i].wakeFd.close();
            }
        }
    }
}
