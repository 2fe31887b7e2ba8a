package dev.patchbay.host.agent;

import dev.patchbay.host.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A small fixed set of threads that look after the channels whose application is not inside {@code receive}:
 * each reads what arrived without waiting ({@link Channel#serviceIdle}), so control frames are handled and a
 * migration completes whether or not the application receives. Channel i belongs to thread i mod n.
 *
 * <p>Cost: a quiet channel is looked at every {@link #QUIET_PERIOD_NANOS}; one with a migration under way, or
 * that just had traffic, every {@link #BUSY_PERIOD_NANOS}. Between rounds a thread parks (never spins): until the
 * next channel is due, at least {@link #MIN_PARK_NANOS} when all are quiet, so a thousand idle channels cost a few
 * hundred non-blocking reads a second, not a thread each.
 */
public final class ChannelAgents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelAgents.class);

    /** How long after its application last received a channel is left to the agents. */
    static final long UNATTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long QUIET_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final long BUSY_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final Thread[] threads;
    private volatile boolean running = true;

    private ChannelAgents(Supplier<Collection<Channel>> channels, int count) {
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            threads[i] = new Thread(() -> run(channels, index, count), "patchbay-agent-" + (i + 1));
            threads[i].setDaemon(true);
        }
    }

    /** Starts {@code count} agent threads over the channels {@code channels} lists (asked anew every round). */
    public static ChannelAgents start(Supplier<Collection<Channel>> channels, int count) {
        ChannelAgents agents = new ChannelAgents(channels, count);
        for (Thread t : agents.threads) {
            t.start();
        }
        return agents;
    }

    private void run(Supplier<Collection<Channel>> channels, int index, int count) {
        Map<Channel, Long> due = new IdentityHashMap<>();
        while (running) {
            long now = System.nanoTime();
            long nextDue = now + QUIET_PERIOD_NANOS;
            boolean busy = false;
            Collection<Channel> all = channels.get();
            if (due.size() > 2 * all.size() + 16) {
                due.keySet().retainAll(all);
            }
            for (Channel channel : all) {
                if (Math.floorMod(System.identityHashCode(channel), count) != index) {
                    continue;
                }
                long when = due.getOrDefault(channel, 0L);
                if (when - now > 0) {
                    nextDue = Math.min(nextDue, when);
                    continue;
                }
                long period = service(channel) ? BUSY_PERIOD_NANOS : QUIET_PERIOD_NANOS;
                busy |= period == BUSY_PERIOD_NANOS;
                due.put(channel, now + period);
                nextDue = Math.min(nextDue, now + period);
            }
            long wait = nextDue - System.nanoTime();
            if (!busy) {
                wait = Math.max(wait, MIN_PARK_NANOS);
            }
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** Services one channel; true if it is busy (a migration under way, or frames just read). */
    private static boolean service(Channel channel) {
        if (!channel.unattendedFor(UNATTENDED_NANOS)) {
            // Its application receives, and handles control frames itself; look again soon in case it stops.
            return channel.state().inTransition();
        }
        try {
            return channel.serviceIdle() > 0 || channel.state().inTransition();
        } catch (RuntimeException e) {
            LOG.debug("agent could not service channel {}: {}", channel.name(), e.toString());
            return false;
        }
    }

    /** Stops the threads and waits briefly for them. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
